import { CampaignIdParamDto } from './campaign-id-param.dto';
import { validateRequest } from '../../../testing';

const read = (id: string) => validateRequest(CampaignIdParamDto, { id }, 'param');

describe('CampaignIdParamDto', () => {
  it.each([
    ['newsletter-2026-01', 'newsletter-2026-01'],
    ['42', '42'],
    ['007', '007'],
    [' jan ', 'jan'],
    ['c'.repeat(100), 'c'.repeat(100)],
  ])('reads the path id %p as %p, by the rule of every campaign id', async (id, expected) => {
    expect(await read(id)).toMatchObject({ id: expected });
  });

  it.each([['has spaces'], ['c'.repeat(101)], ['jan\u0000'], ['']])('refuses the path id %p, naming the rule', async (id) => {
    expect(await read(id)).toEqual([{ field: 'id', message: 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"' }]);
  });
});
