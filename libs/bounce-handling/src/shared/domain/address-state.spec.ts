import { type AddressState, NEW_ADDRESS_STATE, sameAddressState } from './address-state';

describe('AddressState', () => {
  const at = new Date('2026-01-10T12:00:00Z');
  const before = new Date('2026-01-09T12:00:00Z');
  const bounced: AddressState = {
    status: 'bounced',
    consecutiveSoftBounces: 2,
    softBounceTimes: [before, at],
    suppressedBy: 'soft-bounce-threshold',
    lastBounceAt: at,
    statusChangedAt: at,
  };

  it('starts an address never seen active, with no run of soft bounces, no bounce and nothing suppressing it', () => {
    expect(NEW_ADDRESS_STATE).toEqual({ status: 'active', consecutiveSoftBounces: 0, softBounceTimes: [], suppressedBy: null, lastBounceAt: null, statusChangedAt: null });
  });

  it('is the same state when every part is, times compared by their instant', () => {
    const copy = (date: Date) => new Date(date.getTime());
    expect(sameAddressState(bounced, { ...bounced, softBounceTimes: bounced.softBounceTimes.map(copy), lastBounceAt: copy(at), statusChangedAt: copy(at) })).toBe(true);
    expect(sameAddressState(NEW_ADDRESS_STATE, { ...NEW_ADDRESS_STATE })).toBe(true);
  });

  it.each<[string, Partial<AddressState>]>([
    ['status', { status: 'unsubscribed' }],
    ['run of soft bounces', { consecutiveSoftBounces: 3 }],
    ['times of soft bounces', { softBounceTimes: [at, at] }],
    ['number of times of soft bounces', { softBounceTimes: [at] }],
    ['cause of suppression', { suppressedBy: 'hard-bounce' }],
    ['cause of suppression, once none', { suppressedBy: null }],
    ['last bounce', { lastBounceAt: new Date('2026-01-11T00:00:00Z') }],
    ['last bounce, once none', { lastBounceAt: null }],
    ['time of status change', { statusChangedAt: null }],
  ])('is another state when its %s differs', (_part, change) => {
    expect(sameAddressState(bounced, { ...bounced, ...change })).toBe(false);
  });
});
