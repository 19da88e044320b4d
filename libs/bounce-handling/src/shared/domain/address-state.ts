import type { AddressStatus } from './address-status';

/**
 * The bounce-handling state of an address: whether it may be mailed, its run of soft bounces,
 * when it last bounced and when its status last changed. It lives in one place: on the
 * address's subscriber when there is one, on the address alone otherwise (docs/policy.md,
 * rule 6).
 */
export interface AddressState {
  readonly status: AddressStatus;
  readonly consecutiveSoftBounces: number;
  readonly lastBounceAt: Date | null;
  readonly statusChangedAt: Date | null;
}

/** The state of an address never seen: active, no run of soft bounces, never bounced. */
export const NEW_ADDRESS_STATE: AddressState = { status: 'active', consecutiveSoftBounces: 0, lastBounceAt: null, statusChangedAt: null };

/** An address's state and where it lives, as read under the address's lock. */
export interface LockedAddress {
  readonly email: string;
  /** The subscriber the state lives on; null when the address belongs to no subscriber. */
  readonly subscriberId: number | null;
  readonly state: AddressState;
}

export function sameAddressState(a: AddressState, b: AddressState): boolean {
  return (
    a.status === b.status &&
    a.consecutiveSoftBounces === b.consecutiveSoftBounces &&
    sameTime(a.lastBounceAt, b.lastBounceAt) &&
    sameTime(a.statusChangedAt, b.statusChangedAt)
  );
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === b.getTime();
}
