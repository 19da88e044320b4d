import { Subscriber } from './subscriber';

describe('Subscriber', () => {
  const bounced = new Subscriber(7, 'a@example.com', 'A', 'bounced', 3, new Date('2026-01-01T00:00:00Z'), null, new Date('2025-12-01T00:00:00Z'));

  it('is active with a new run of soft bounces once re-activated', () => {
    const now = new Date('2026-02-01T00:00:00Z');
    const reactivated = bounced.reactivate(now);
    expect(reactivated).toMatchObject({ id: 7, status: 'active', consecutiveSoftBounces: 0, statusChangedAt: now });
  });

  it('keeps its identity, name and history when re-activated', () => {
    const reactivated = bounced.reactivate(new Date());
    expect(reactivated).toMatchObject({ email: 'a@example.com', name: 'A', lastBounceAt: bounced.lastBounceAt, createdAt: bounced.createdAt });
  });
});
