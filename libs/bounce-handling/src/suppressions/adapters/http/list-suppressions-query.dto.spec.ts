import { validateRequest } from '../../../testing';
import { ListSuppressionsQueryDto } from './list-suppressions-query.dto';

const validated = (query: Record<string, unknown>) => validateRequest(ListSuppressionsQueryDto, query, 'query');

describe('ListSuppressionsQueryDto', () => {
  it('reads comma lists and repeated parameters alike, trimmed, addresses and domains lower-cased', async () => {
    expect(
      await validated({
        email: ' A@Example.com , b@example.com',
        domain: ['Example.COM', 'other.org,third.net'],
        status: 'bounced,unsubscribed',
        origin: 'manual',
      }),
    ).toMatchObject({
      email: ['a@example.com', 'b@example.com'],
      domain: ['example.com', 'other.org', 'third.net'],
      status: ['bounced', 'unsubscribed'],
      origin: ['manual'],
      limit: 20,
    });
  });

  it('takes RFC 3339 times with any offset', async () => {
    expect(await validated({ from: '2026-01-10T12:00:00Z', to: '2026-01-10T13:00:00.5+01:00' })).toMatchObject({
      from: '2026-01-10T12:00:00Z',
      to: '2026-01-10T13:00:00.5+01:00',
    });
  });

  it.each([
    ['status', 'active'],
    ['status', 'bounced,hard'],
    ['origin', 'bounces'],
    ['reason', 'hard'],
    ['email', ''],
    ['domain', ' , '],
    ['domain', Array.from({ length: 101 }, (_, n) => `d${n}.example`).join(',')],
    ['email', 'a\u0000@example.com'],
    ['from', '2026-01-10'],
    ['from', '2026-01-10 12:00:00Z'],
    ['to', '2026-02-29T00:00:00Z'],
    ['to', '2026-01-10T24:00:00Z'],
    ['to', '2026-01-10T12:00:00+25:00'],
  ])('refuses %s=%j, naming it', async (field, value) => {
    expect(await validated({ [field]: value })).toEqual([{ field, message: expect.any(String) }]);
  });

  it('says which values a vocabulary takes', async () => {
    expect(await validated({ origin: 'policy' })).toEqual([
      { field: 'origin', message: 'must be one of: bounce, complaint, manual, import (comma-separated)' },
    ]);
  });
});
