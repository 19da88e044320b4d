import type { AddressStatus, SuppressionReason } from './address-status';
import { daysAfter } from './days';

/**
 * The bounce-handling state of an address: whether it may be mailed and what suppressed it,
 * its run of soft bounces and when each counted, when it last bounced and when its status last
 * changed. It lives in one place: on the address's subscriber when there is one, on the
 * address alone otherwise (docs/policy.md, rule 6).
 */
export interface AddressState {
  readonly status: AddressStatus;
  /** Soft bounces of the current run that count toward the threshold (docs/policy.md, rules 3 and 13). */
  readonly consecutiveSoftBounces: number;
  /**
   * When each counted soft bounce of the run was applied, oldest first; never more than
   * `consecutiveSoftBounces`. A run counted before these times were kept has fewer (its first
   * soft bounces have no time).
   */
  readonly softBounceTimes: readonly Date[];
  /** What made the address `bounced` or `unsubscribed`; null while it is active, or when not known. */
  readonly suppressedBy: SuppressionReason | null;
  readonly lastBounceAt: Date | null;
  readonly statusChangedAt: Date | null;
}

/** The state of an address never seen: active, no run of soft bounces, never bounced. */
export const NEW_ADDRESS_STATE: AddressState = {
  status: 'active',
  consecutiveSoftBounces: 0,
  softBounceTimes: [],
  suppressedBy: null,
  lastBounceAt: null,
  statusChangedAt: null,
};

/** An address's state and where it lives, as read under the address's lock. */
export interface LockedAddress {
  readonly email: string;
  /** The subscriber the state lives on; null when the address belongs to no subscriber. */
  readonly subscriberId: number | null;
  readonly state: AddressState;
}

/**
 * When the address's suppression by the soft threshold lapses (docs/policy.md, rule 13):
 * `softSuppressionExpiryDays` days after the status became `bounced`. Null when its suppression
 * never lapses — a hard bounce's, a complaint's, one of unknown cause or time — when it is not
 * suppressed, or when suppressions do not expire (null days).
 */
export function suppressionLapsesAt(state: AddressState, softSuppressionExpiryDays: number | null): Date | null {
  if (softSuppressionExpiryDays === null || state.status !== 'bounced' || state.suppressedBy !== 'soft-bounce-threshold' || state.statusChangedAt === null)
    return null;
  return daysAfter(state.statusChangedAt, softSuppressionExpiryDays);
}

/**
 * The state as it stands at `at`: once a suppression by the soft threshold has lapsed, the
 * address is active, with a new run of soft bounces, since the moment it lapsed. The stored state
 * says `bounced` until the address's next change; what is true at `at` is this.
 */
export function addressStateAt(state: AddressState, at: Date, softSuppressionExpiryDays: number | null): AddressState {
  const lapsesAt = suppressionLapsesAt(state, softSuppressionExpiryDays);
  if (lapsesAt === null || at.getTime() < lapsesAt.getTime()) return state;
  return { ...NEW_ADDRESS_STATE, lastBounceAt: state.lastBounceAt, statusChangedAt: lapsesAt };
}

export function sameAddressState(a: AddressState, b: AddressState): boolean {
  return (
    a.status === b.status &&
    a.consecutiveSoftBounces === b.consecutiveSoftBounces &&
    a.softBounceTimes.length === b.softBounceTimes.length &&
    a.softBounceTimes.every((time, n) => sameTime(time, b.softBounceTimes[n])) &&
    a.suppressedBy === b.suppressedBy &&
    sameTime(a.lastBounceAt, b.lastBounceAt) &&
    sameTime(a.statusChangedAt, b.statusChangedAt)
  );
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === b.getTime();
}
