import { type AddressState, NEW_ADDRESS_STATE, sameAddressState } from './address-state';

describe('AddressState', () => {
  const at = new Date('2026-01-10T12:00:00Z');
  const bounced: AddressState = { status: 'bounced', consecutiveSoftBounces: 1, lastBounceAt: at, statusChangedAt: at };

  it('starts an address never seen active, with no run of soft bounces and no bounce', () => {
    expect(NEW_ADDRESS_STATE).toEqual({ status: 'active', consecutiveSoftBounces: 0, lastBounceAt: null, statusChangedAt: null });
  });

  it('is the same state when every part is, times compared by their instant', () => {
    expect(sameAddressState(bounced, { ...bounced, lastBounceAt: new Date(at.getTime()), statusChangedAt: new Date(at.getTime()) })).toBe(true);
    expect(sameAddressState(NEW_ADDRESS_STATE, { ...NEW_ADDRESS_STATE })).toBe(true);
  });

  it.each<[string, Partial<AddressState>]>([
    ['status', { status: 'unsubscribed' }],
    ['run of soft bounces', { consecutiveSoftBounces: 2 }],
    ['last bounce', { lastBounceAt: new Date('2026-01-11T00:00:00Z') }],
    ['last bounce, once none', { lastBounceAt: null }],
    ['time of status change', { statusChangedAt: null }],
  ])('is another state when its %s differs', (_part, change) => {
    expect(sameAddressState(bounced, { ...bounced, ...change })).toBe(false);
  });
});
