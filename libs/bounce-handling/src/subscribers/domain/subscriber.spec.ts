import { NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { Subscriber } from './subscriber';

describe('Subscriber', () => {
  const bounced = new Subscriber(7, 'a@example.com', 'A', { status: 'bounced', consecutiveSoftBounces: 3, lastBounceAt: new Date('2026-01-01T00:00:00Z'), statusChangedAt: null }, new Date('2025-12-01T00:00:00Z'));

  it('is active with a new run of soft bounces once re-activated', () => {
    const now = new Date('2026-02-01T00:00:00Z');
    const reactivated = bounced.reactivate(now);
    expect(reactivated).toMatchObject({ id: 7, status: 'active', consecutiveSoftBounces: 0, statusChangedAt: now });
  });

  it('keeps its identity, name and history when re-activated', () => {
    const reactivated = bounced.reactivate(new Date());
    expect(reactivated).toMatchObject({ email: 'a@example.com', name: 'A', lastBounceAt: bounced.lastBounceAt, createdAt: bounced.createdAt });
  });

  it('keeps the time of its last status change when re-activated while already active', () => {
    const changedAt = new Date('2026-01-05T00:00:00Z');
    const counting = new Subscriber(8, 'b@example.com', null, { status: 'active', consecutiveSoftBounces: 2, lastBounceAt: new Date('2026-01-06T00:00:00Z'), statusChangedAt: changedAt }, new Date('2025-12-01T00:00:00Z'));
    const reactivated = counting.reactivate(new Date('2026-02-01T00:00:00Z'));
    expect(reactivated).toMatchObject({ status: 'active', consecutiveSoftBounces: 0, statusChangedAt: changedAt });
  });

  it('holds the state of its address', () => {
    expect(bounced.state).toEqual({ status: 'bounced', consecutiveSoftBounces: 3, lastBounceAt: new Date('2026-01-01T00:00:00Z'), statusChangedAt: null });
  });

  it('takes another state of its address, keeping its identity, name and creation time', () => {
    const at = new Date('2026-02-01T00:00:00Z');
    expect(bounced.withState({ status: 'unsubscribed', consecutiveSoftBounces: 0, lastBounceAt: at, statusChangedAt: at })).toEqual(
      new Subscriber(7, 'a@example.com', 'A', { status: 'unsubscribed', consecutiveSoftBounces: 0, lastBounceAt: at, statusChangedAt: at }, new Date('2025-12-01T00:00:00Z')),
    );
  });

  it('is suppressed while bounced or unsubscribed, and not while active', () => {
    expect(bounced.isSuppressed).toBe(true);
    expect(bounced.reactivate(new Date()).isSuppressed).toBe(false);
    expect(new Subscriber(9, 'c@example.com', null, { ...NEW_ADDRESS_STATE, status: 'unsubscribed' }, new Date()).isSuppressed).toBe(true);
  });
});
