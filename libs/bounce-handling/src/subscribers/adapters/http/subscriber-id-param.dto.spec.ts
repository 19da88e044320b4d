import { SubscriberIdParamDto } from './subscriber-id-param.dto';
import { validateRequest } from '../../../testing';

const validated = (params: Record<string, string>) => validateRequest(SubscriberIdParamDto, params, 'param');

describe('SubscriberIdParamDto', () => {
  it('reads the id as a number', async () => {
    expect(await validated({ id: '42' })).toEqual({ id: 42 });
  });

  it.each([['abc'], ['0'], ['-1'], ['1.5'], ['1e3'], ['99999999999999999999']])('answers "id must be a positive integer" for the id %p', async (id) => {
    expect(await validated({ id })).toEqual([{ field: 'id', message: 'must be a positive integer' }]);
  });
});
