import { InMemoryBounceRepository } from '../../testing';
import type { NewBounce } from './ports/bounce.repository.port';
import { ListBounces } from './list-bounces.use-case';

const aBounce = (email: string, minute: number, overrides: Partial<NewBounce> = {}): NewBounce => ({
  email,
  bounceType: 'hard',
  bounceSubtype: null,
  diagnosticCode: null,
  cause: { reason: 'user_unknown', category: 'recipient', status: null, remoteMta: null },
  source: 'api',
  subscriberId: null,
  campaignId: null,
  providerMessageId: null,
  providerEventId: null,
  createdAt: new Date(Date.UTC(2026, 0, 10, 12, minute)),
  rawPayload: null,
  ...overrides,
});

describe('ListBounces', () => {
  const bounces = new InMemoryBounceRepository();
  const list = new ListBounces(bounces);

  beforeAll(async () => {
    await bounces.addAll([
      aBounce('a@gmail.com', 1, { campaignId: 'jan' }),
      aBounce('b@example.com', 2, { bounceType: 'soft', campaignId: 'jan' }),
      aBounce('c@gmail.com', 2, { source: 'ses' }),
      aBounce('a@gmail.com', 3, { bounceType: 'complaint' }),
    ]);
  });

  it('lists the bounces a filter keeps, newest first (the later id first at one instant), with their total', async () => {
    const page = await list.execute({ domains: ['gmail.com'] }, { limit: 20, offset: 0 });
    expect(page.items.map((bounce) => bounce.id)).toEqual([4, 3, 1]);
    expect(page).toMatchObject({ total: 3, limit: 20, offset: 0, next: null });
    expect((await list.execute({ campaignIds: ['jan'], bounceTypes: ['soft'] }, { limit: 20, offset: 0 })).items.map((bounce) => bounce.id)).toEqual([2]);
    expect((await list.execute({ from: new Date('2026-01-10T12:02:00Z'), to: new Date('2026-01-10T12:03:00Z') }, { limit: 20, offset: 0 })).total).toBe(2);
  });

  it('pages after the position of the last bounce of the page before, as by offset', async () => {
    const first = await list.execute({}, { limit: 3, offset: 0 });
    expect(first.next).not.toBeNull();
    const second = await list.execute({}, { limit: 3, after: first.next ?? [] });
    expect(second.items).toEqual((await list.execute({}, { limit: 3, offset: 3 })).items);
    expect(second).toMatchObject({ total: 4, offset: 0, next: null });
  });
});
