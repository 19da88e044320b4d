import { RecordBounceRequestDto } from './record-bounce-request.dto';
import { requestProblems } from '../../../testing/request-validation';

const problemsOf = (body: unknown) => requestProblems(RecordBounceRequestDto, body);

const valid = { email: 'a@example.com', bounce_type: 'hard' };

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
    ['diagnostic_code', 'must be shorter than or equal to 4000 characters', 'a diagnostic code over 4000 characters', { ...valid, diagnostic_code: 'x'.repeat(4001) }],
    ['campaign_id', 'must be a string', 'a campaign id that is a number', { ...valid, campaign_id: 2026 }],
    ['campaign_id', 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"', 'a malformed campaign id', { ...valid, campaign_id: 'has spaces' }],
  ])('answers "%s %s" for %s', async (field, message, _case, body) => {
    expect(await problemsOf(body)).toEqual([{ field, message }]);
  });

  it('accepts a bounce without its optional fields, or with them null', async () => {
    expect(await problemsOf(valid)).toEqual([]);
    expect(await problemsOf({ ...valid, bounce_subtype: null, diagnostic_code: null, campaign_id: null })).toEqual([]);
  });
});
