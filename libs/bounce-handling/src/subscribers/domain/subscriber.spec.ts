import { NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { Subscriber } from './subscriber';

describe('Subscriber', () => {
  const lastBounceAt = new Date('2026-01-01T00:00:00Z');
  const bounced = new Subscriber(
    7,
    'a@example.com',
    'A',
    {
      status: 'bounced',
      consecutiveSoftBounces: 3,
      softBounceTimes: [lastBounceAt, lastBounceAt, lastBounceAt],
      suppressedBy: 'soft-bounce-threshold',
      lastBounceAt,
      statusChangedAt: null,
    },
    new Date('2025-12-01T00:00:00Z'),
  );

  it('is active with a new run of soft bounces, and nothing suppressing it, once re-activated', () => {
    const now = new Date('2026-02-01T00:00:00Z');
    const reactivated = bounced.reactivate(now);
    expect(reactivated.state).toEqual({
      status: 'active',
      consecutiveSoftBounces: 0,
      softBounceTimes: [],
      suppressedBy: null,
      lastBounceAt,
      statusChangedAt: now,
    });
    expect(reactivated).toMatchObject({ id: 7, status: 'active', consecutiveSoftBounces: 0, statusChangedAt: now });
  });

  it('keeps its identity, name and history when re-activated', () => {
    const reactivated = bounced.reactivate(new Date());
    expect(reactivated).toMatchObject({ email: 'a@example.com', name: 'A', lastBounceAt: bounced.lastBounceAt, createdAt: bounced.createdAt });
  });

  it('keeps the time of its last status change when re-activated while already active', () => {
    const changedAt = new Date('2026-01-05T00:00:00Z');
    const counting = new Subscriber(
      8,
      'b@example.com',
      null,
      {
        ...NEW_ADDRESS_STATE,
        consecutiveSoftBounces: 2,
        softBounceTimes: [changedAt, changedAt],
        lastBounceAt: new Date('2026-01-06T00:00:00Z'),
        statusChangedAt: changedAt,
      },
      new Date('2025-12-01T00:00:00Z'),
    );
    const reactivated = counting.reactivate(new Date('2026-02-01T00:00:00Z'));
    expect(reactivated).toMatchObject({ status: 'active', consecutiveSoftBounces: 0, statusChangedAt: changedAt });
    expect(reactivated.state.softBounceTimes).toEqual([]);
  });

  it('reads its status, run, last bounce and last status change from the state of its address', () => {
    expect(bounced).toMatchObject({ status: 'bounced', consecutiveSoftBounces: 3, lastBounceAt, statusChangedAt: null });
  });

  it('takes another state of its address, keeping its identity, name and creation time', () => {
    const at = new Date('2026-02-01T00:00:00Z');
    const state = { ...NEW_ADDRESS_STATE, status: 'unsubscribed' as const, suppressedBy: 'complaint' as const, lastBounceAt: at, statusChangedAt: at };
    expect(bounced.withState(state)).toEqual(new Subscriber(7, 'a@example.com', 'A', state, new Date('2025-12-01T00:00:00Z')));
  });

  it('is suppressed while bounced or unsubscribed, and not while active', () => {
    expect(bounced.isSuppressed).toBe(true);
    expect(bounced.reactivate(new Date()).isSuppressed).toBe(false);
    expect(new Subscriber(9, 'c@example.com', null, { ...NEW_ADDRESS_STATE, status: 'unsubscribed' }, new Date()).isSuppressed).toBe(true);
  });
});
