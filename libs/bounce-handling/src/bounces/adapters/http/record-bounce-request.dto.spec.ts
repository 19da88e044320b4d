import { RecordBounceRequestDto } from './record-bounce-request.dto';
import { requestProblems, validateRequest } from '../../../testing';

const problemsOf = (body: unknown) => requestProblems(RecordBounceRequestDto, body);

const valid = { email: 'a@example.com', bounce_type: 'hard' };
const NOT_TEXT_OR_INTEGER = 'must be a string, or an integer from 0 to 9007199254740991';

describe('RecordBounceRequestDto', () => {
  it.each([
    ['email', 'is required', 'a missing email', { bounce_type: 'hard' }],
    ['email', 'is required', 'an email that is null', { email: null, bounce_type: 'hard' }],
    ['email', 'must be a string', 'an email that is a number', { email: 42, bounce_type: 'hard' }],
    ['email', 'must be a valid e-mail address', 'an invalid email', { email: 'not-an-address', bounce_type: 'hard' }],
    ['bounce_type', 'is required', 'a missing bounce type', { email: 'a@example.com' }],
    ['bounce_type', 'must be one of: hard, soft, complaint', 'an unknown bounce type', { ...valid, bounce_type: 'bounced' }],
    ['bounce_subtype', 'must be a string', 'a subtype that is a number', { ...valid, bounce_subtype: 5 }],
    ['bounce_subtype', 'must be longer than or equal to 1 characters', 'an empty subtype', { ...valid, bounce_subtype: ' ' }],
    ['bounce_subtype', 'must be shorter than or equal to 255 characters', 'a subtype over 255 characters', { ...valid, bounce_subtype: 'x'.repeat(256) }],
    ['diagnostic_code', 'must be a string', 'a diagnostic code that is a list', { ...valid, diagnostic_code: ['550'] }],
    [
      'diagnostic_code',
      'must be shorter than or equal to 4000 characters',
      'a diagnostic code over 4000 characters',
      { ...valid, diagnostic_code: 'x'.repeat(4001) },
    ],
    ['campaign_id', NOT_TEXT_OR_INTEGER, 'a campaign id that is a boolean', { ...valid, campaign_id: true }],
    ['campaign_id', NOT_TEXT_OR_INTEGER, 'a campaign id that is an object', { ...valid, campaign_id: { id: 'jan' } }],
    ['campaign_id', NOT_TEXT_OR_INTEGER, 'a campaign id that is a list', { ...valid, campaign_id: ['jan'] }],
    ['campaign_id', NOT_TEXT_OR_INTEGER, 'a campaign id that is a negative number', { ...valid, campaign_id: -1 }],
    ['campaign_id', NOT_TEXT_OR_INTEGER, 'a campaign id that is a fraction', { ...valid, campaign_id: 4.2 }],
    ['campaign_id', NOT_TEXT_OR_INTEGER, 'a campaign id past the safe integers', { ...valid, campaign_id: 2 ** 53 }],
    ['campaign_id', 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"', 'a malformed campaign id', { ...valid, campaign_id: 'has spaces' }],
    ['campaign_id', 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"', 'a campaign id over 100 characters', { ...valid, campaign_id: 'c'.repeat(101) }],
    ['campaign_id', 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"', 'an empty campaign id', { ...valid, campaign_id: ' ' }],
  ])('answers "%s %s" for %s', async (field, message, _case, body) => {
    expect(await problemsOf(body)).toEqual([{ field, message }]);
  });

  it('accepts a bounce without its optional fields, or with them null', async () => {
    expect(await problemsOf(valid)).toEqual([]);
    expect(await problemsOf({ ...valid, bounce_subtype: null, diagnostic_code: null, campaign_id: null })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['an integer, as its digits', 42, '42'],
    ['numeric text, as given', '42', '42'],
    ['zero', 0, '0'],
    ['text with blanks around, trimmed', ' jan-2026 ', 'jan-2026'],
    ['100 characters', 'c'.repeat(100), 'c'.repeat(100)],
  ])('accepts a campaign id that is %s', async (_case, campaignId, expected) => {
    expect(await validateRequest(RecordBounceRequestDto, { ...valid, campaign_id: campaignId })).toMatchObject({ campaign_id: expected });
  });
});
