import { type AddressState, addressStateAt, NEW_ADDRESS_STATE, sameAddressState, suppressionLapsesAt } from './address-state';

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
    expect(NEW_ADDRESS_STATE).toEqual({
      status: 'active',
      consecutiveSoftBounces: 0,
      softBounceTimes: [],
      suppressedBy: null,
      lastBounceAt: null,
      statusChangedAt: null,
    });
  });

  it('is the same state when every part is, times compared by their instant', () => {
    const copy = (date: Date) => new Date(date.getTime());
    expect(
      sameAddressState(bounced, { ...bounced, softBounceTimes: bounced.softBounceTimes.map(copy), lastBounceAt: copy(at), statusChangedAt: copy(at) }),
    ).toBe(true);
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

  describe('the lapse of a suppression by the soft threshold (docs/policy.md, rule 13)', () => {
    const day = (n: number) => new Date(at.getTime() + n * 24 * 3600_000);
    const softSuppressed: AddressState = bounced;
    const lapsed: AddressState = { ...NEW_ADDRESS_STATE, lastBounceAt: at, statusChangedAt: day(7) };

    it.each<[string, AddressState, Date, number | null, AddressState]>([
      ['keeps it until N days have passed', softSuppressed, new Date(day(7).getTime() - 1), 7, softSuppressed],
      ['lifts it N days after it: active, with a new run, since the moment it lapsed', softSuppressed, day(7), 7, lapsed],
      ['lifts it as of the moment it lapsed, however long ago', softSuppressed, day(400), 7, lapsed],
      ['never lifts it when suppressions do not expire', softSuppressed, day(4000), null, softSuppressed],
      ["never lifts a hard bounce's", { ...softSuppressed, suppressedBy: 'hard-bounce' }, day(400), 7, { ...softSuppressed, suppressedBy: 'hard-bounce' }],
      [
        "never lifts a complaint's",
        { ...softSuppressed, status: 'unsubscribed', suppressedBy: 'complaint' },
        day(400),
        7,
        { ...softSuppressed, status: 'unsubscribed', suppressedBy: 'complaint' },
      ],
      ['never lifts a suppression whose cause is not known', { ...softSuppressed, suppressedBy: null }, day(400), 7, { ...softSuppressed, suppressedBy: null }],
      ['never lifts one whose time is not known', { ...softSuppressed, statusChangedAt: null }, day(400), 7, { ...softSuppressed, statusChangedAt: null }],
      [
        'leaves an active address as it is',
        { ...NEW_ADDRESS_STATE, consecutiveSoftBounces: 1, softBounceTimes: [at] },
        day(400),
        7,
        { ...NEW_ADDRESS_STATE, consecutiveSoftBounces: 1, softBounceTimes: [at] },
      ],
    ])('%s', (_behaviour, state, now, days, expected) => {
      expect(addressStateAt(state, now, days)).toEqual(expected);
    });

    it('gives the moment it lapses, and none for a suppression that never does', () => {
      expect(suppressionLapsesAt(softSuppressed, 7)).toEqual(day(7));
      expect(suppressionLapsesAt(softSuppressed, null)).toBeNull();
      expect(suppressionLapsesAt({ ...softSuppressed, suppressedBy: 'hard-bounce' }, 7)).toBeNull();
      expect(suppressionLapsesAt(NEW_ADDRESS_STATE, 7)).toBeNull();
    });

    it('answers the very state it was given while nothing lapses', () => {
      expect(addressStateAt(softSuppressed, at, 7)).toBe(softSuppressed);
    });
  });
});
