import { validateRequest } from '../../../testing';
import { ListBouncesQueryDto } from './list-bounces-query.dto';

const validated = (query: Record<string, unknown>) => validateRequest(ListBouncesQueryDto, query, 'query');

describe('ListBouncesQueryDto', () => {
  it('takes no filter at all: limit 20, neither offset nor cursor', async () => {
    expect(await validated({})).toEqual({ limit: 20 });
  });

  it('reads each filter as a list of values, from commas or repeated parameters, trimmed and lower-cased where case means nothing', async () => {
    expect(
      await validated({
        email: ' John@Example.com ,jane@example.org',
        domain: ['Gmail.com', 'yahoo.com,example.org'],
        bounce_type: 'hard,Soft',
        category: 'recipient',
        reason: 'user_unknown,mailbox_full',
        source: 'ses,SendGrid',
        campaign_id: ' Jan-2026 ,42',
      }),
    ).toMatchObject({
      email: ['john@example.com', 'jane@example.org'],
      domain: ['gmail.com', 'yahoo.com', 'example.org'],
      bounce_type: ['hard', 'soft'],
      category: ['recipient'],
      reason: ['user_unknown', 'mailbox_full'],
      source: ['ses', 'sendgrid'],
      campaign_id: ['Jan-2026', '42'],
    });
  });

  it('takes an address as a provider may report it, which need not pass the checks of a new subscriber', async () => {
    expect(await validated({ email: 'invalid@invalid' })).toMatchObject({ email: ['invalid@invalid'] });
  });

  it.each([
    ['2026-01-10T12:00:00Z', '2026-01-10T12:00:00.000Z'],
    ['2026-01-10t12:00:00z', '2026-01-10T12:00:00.000Z'],
    ['2026-01-10T12:00:00.123456Z', '2026-01-10T12:00:00.123Z'],
    ['2026-01-10T13:30:00+01:30', '2026-01-10T12:00:00.000Z'],
    ['2026-01-10T07:00:00-05:00', '2026-01-10T12:00:00.000Z'],
    ['2026-01-10T13:00:00 01:00', '2026-01-10T12:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00.000Z'],
  ])('reads from=%s as the instant %s', async (from, instant) => {
    expect(await validated({ from })).toMatchObject({ from: new Date(instant) });
  });

  it('takes a range whose end is later than its start', async () => {
    expect(await validated({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:00.001Z' })).toMatchObject({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-01T00:00:00.001Z'),
    });
  });

  const DATE_TIME = 'must be an RFC 3339 date-time, such as 2026-01-10T12:00:00Z';

  it.each([
    ['bounce_type', 'each value must be one of: hard, soft, complaint; "firm" is not', 'bounce_type=firm', { bounce_type: 'firm' }],
    ['bounce_type', 'each value must be one of: hard, soft, complaint; "bounced" is not', 'one unknown among known', { bounce_type: 'hard,bounced' }],
    [
      'category',
      'each value must be one of: recipient, mailbox, sender, transient, complaint, undetermined; "address" is not',
      'category=address',
      { category: 'address' },
    ],
    [
      'reason',
      expect.stringMatching(/^each value must be one of: user_unknown, host_unknown, .*, undetermined; "bounced" is not$/),
      'reason=bounced',
      { reason: 'bounced' },
    ],
    ['source', expect.stringMatching(/^each value must be one of: api, inbound, ses, .*; "pigeon" is not$/), 'source=pigeon', { source: 'pigeon' }],
    ['email', 'each value must be an e-mail address; "not-an-address" is not', 'an address without @', { email: 'not-an-address' }],
    ['email', 'each value must be an e-mail address; "a b@example.com" is not', 'an address with a blank', { email: 'a b@example.com' }],
    ['domain', 'each value must be a domain such as example.com; "a@example.com" is not', 'an address for a domain', { domain: 'a@example.com' }],
    ['domain', 'each value must be a domain such as example.com; "exa mple.com" is not', 'a domain with a blank', { domain: 'exa mple.com' }],
    [
      'campaign_id',
      'each value must be a campaign id of 1 to 100 letters, digits, ".", "_", ":" or "-"; "has spaces" is not',
      'a malformed campaign id',
      { campaign_id: 'has spaces' },
    ],
    ['bounce_type', 'must not hold an empty value (two commas in a row, or one at an end)', 'an empty value', { bounce_type: 'hard,,soft' }],
    ['email', 'must not hold an empty value (two commas in a row, or one at an end)', 'a trailing comma', { email: 'a@example.com,' }],
    ['domain', 'must not hold an empty value (two commas in a row, or one at an end)', 'domain=', { domain: '' }],
    ['email', 'must hold at most 100 values', '101 addresses', { email: Array.from({ length: 101 }, (_, n) => `u${n}@example.com`).join(',') }],
    ['campaign_id', 'must hold at most 100 values', '101 campaigns over repeated parameters', { campaign_id: Array.from({ length: 101 }, (_, n) => `c${n}`) }],
    ['source', 'must be text: one value, or several separated by commas', 'source[a]=ses', { source: { a: 'ses' } }],
    [
      'domain',
      `each value must be a domain such as example.com; "${'d'.repeat(40)}…" is not`,
      'an overlong domain, quoted in part',
      { domain: 'd'.repeat(300) },
    ],
    ['from', DATE_TIME, 'from=yesterday', { from: 'yesterday' }],
    ['from', DATE_TIME, 'a date without a time', { from: '2026-01-10' }],
    ['from', DATE_TIME, 'a time without an offset', { from: '2026-01-10T12:00:00' }],
    ['from', DATE_TIME, 'month 13', { from: '2026-13-01T00:00:00Z' }],
    ['from', DATE_TIME, 'day 30 of February', { from: '2026-02-30T00:00:00Z' }],
    ['from', DATE_TIME, 'hour 24', { from: '2026-01-10T24:00:00Z' }],
    ['from', DATE_TIME, 'year 0', { from: '0000-01-01T00:00:00Z' }],
    ['from', DATE_TIME, 'a number of milliseconds', { from: '1767225600000' }],
    ['from', DATE_TIME, 'a repeated from', { from: ['2026-01-10T12:00:00Z', '2026-01-11T12:00:00Z'] }],
    ['to', DATE_TIME, 'to=tomorrow', { to: 'tomorrow' }],
    ['to', 'must be later than from', 'to equal to from', { from: '2026-01-10T12:00:00Z', to: '2026-01-10T12:00:00Z' }],
    ['to', 'must be later than from', 'to before from', { from: '2026-01-10T12:00:00Z', to: '2026-01-10T11:00:00Z' }],
    ['to', 'must be later than from', 'to before from in another offset', { from: '2026-01-10T12:00:00Z', to: '2026-01-10T12:30:00+01:00' }],
    ['cursor', 'cannot be used with offset', 'cursor with offset', { cursor: 'WyJ4IiwxXQ', offset: '0' }],
  ])('answers "%s %s" for %s', async (field, message, _case, query) => {
    expect(await validated(query)).toEqual([{ field, message }]);
  });

  it('names every filter at fault at once', async () => {
    expect(await validated({ bounce_type: 'firm', category: 'address', from: 'x' })).toEqual([
      expect.objectContaining({ field: 'bounce_type' }),
      expect.objectContaining({ field: 'category' }),
      expect.objectContaining({ field: 'from' }),
    ]);
  });
});
