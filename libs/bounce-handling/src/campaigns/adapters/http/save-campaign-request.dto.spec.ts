import { SaveCampaignRequestDto } from './save-campaign-request.dto';
import { requestProblems } from '../../../testing';

const problemsOf = (body: unknown) => requestProblems(SaveCampaignRequestDto, body);

describe('SaveCampaignRequestDto', () => {
  it.each([
    ['is required', 'a campaign without a name', {}],
    ['is required', 'a name that is null', { name: null }],
    ['must be a string', 'a name that is a number', { name: 2026 }],
    ['must be a string', 'a name that is a list', { name: ['January'] }],
    ['must be Unicode text without NUL characters or lone surrogates', 'a name with a NUL character', { name: 'Jan\u0000uary' }],
    ['must be longer than or equal to 1 characters', 'a name of spaces only', { name: '   ' }],
    ['must be shorter than or equal to 255 characters', 'a name over 255 characters', { name: 'x'.repeat(256) }],
  ])('answers "name %s" for %s', async (message, _case, body) => {
    expect(await problemsOf(body)).toEqual([{ field: 'name', message }]);
  });

  it('accepts a name of 255 characters', async () => {
    expect(await problemsOf({ name: 'x'.repeat(255) })).toEqual([]);
  });
});
