import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import type { SuppressedStatus, SuppressionOrigin, SuppressionReason } from '../../shared/domain/address-status';

export { MAX_SUPPRESSION_NOTE_LENGTH, MAX_SUPPRESSION_ORIGIN_LENGTH, SUPPRESSION_ORIGINS, type SuppressionOrigin } from '../../shared/domain/address-status';

/** The origins of suppressions added through the list rather than by the policy. */
export type AddedSuppressionOrigin = Extract<SuppressionOrigin, 'manual' | 'import'>;

/** Most entries (or addresses) one call adds or removes: one transaction each. */
export const MAX_SUPPRESSIONS_PER_BATCH = 1000;

/** An address that may not be mailed, as the suppression list shows it. */
export interface Suppression {
  /** Normalised: trimmed, lower-cased. */
  readonly email: string;
  readonly status: SuppressedStatus;
  /** Null when the suppression's cause is not known (suppressed before causes were kept). */
  readonly origin: SuppressionOrigin | null;
  readonly reason: SuppressionReason | null;
  /** The operator's or the import's note; null for the policy's suppressions. */
  readonly note: string | null;
  /** The subscriber of the address; null when it has none (it is suppressed all the same). */
  readonly subscriberId: number | null;
  /** When the address took this status; null when not known. */
  readonly suppressedAt: Date | null;
}

/**
 * Which suppressions a list (or an export) shows; every given field narrows it, a list field
 * matches any of its values. `from` ≤ suppressedAt < `to`.
 */
export interface SuppressionFilter {
  /** Normalised addresses. */
  readonly emails?: readonly string[];
  /** Lower-cased domains: the part after the `@`. */
  readonly domains?: readonly string[];
  readonly statuses?: readonly SuppressedStatus[];
  readonly reasons?: readonly SuppressionReason[];
  readonly origins?: readonly SuppressionOrigin[];
  readonly from?: Date;
  readonly to?: Date;
}

/** One address to suppress: the input as given (checked and normalised by the use case). */
export interface SuppressionEntry {
  readonly email: string;
  readonly status: SuppressedStatus;
  readonly note?: string | null;
}

export type AddSuppressionOutcome = 'added' | 'already_suppressed' | 'invalid';

export interface AddSuppressionResult {
  /** Normalised when valid; as given otherwise. */
  readonly email: string;
  readonly result: AddSuppressionOutcome;
  /** The address's status after the call; null for an invalid entry. */
  readonly status: SuppressedStatus | null;
}

/** `not_suppressed` too for a string that cannot be a stored address. */
export type RemoveSuppressionOutcome = 'removed' | 'not_suppressed' | 'kept_complaint';

export interface RemoveSuppressionResult {
  /** Trimmed and lower-cased. */
  readonly email: string;
  readonly result: RemoveSuppressionOutcome;
}

/** The reason an added suppression is stored with: its origin. */
export function reasonOfAdded(origin: AddedSuppressionOrigin): SuppressionReason {
  return origin;
}

/** Where a suppression of this reason came from; null for an unknown reason. */
export function originOf(reason: SuppressionReason | null): SuppressionOrigin | null {
  switch (reason) {
    case 'hard-bounce':
    case 'soft-bounce-threshold':
      return 'bounce';
    case 'complaint':
    case 'manual':
    case 'import':
      return reason;
    case null:
      return null;
  }
}

/** What adding an address to the list does to its state (`state` as it stands now, lapses applied). */
export type AddDecision = { readonly kind: 'add'; readonly state: AddressState } | { readonly kind: 'already-suppressed' };

/**
 * Adding `status` to an address in `state` at `now`. An active address takes the status.
 * `unsubscribed` (a person's wish) takes precedence over `bounced` (a mailbox's state): adding
 * `unsubscribed` to a bounced address makes it unsubscribed, adding `bounced` to an unsubscribed
 * one leaves it so (already suppressed), as does adding the status it already has. A new
 * suppression starts no run of soft bounces; the last bounce stays what it was.
 */
export function decideAddition(state: AddressState, status: SuppressedStatus, origin: AddedSuppressionOrigin, now: Date): AddDecision {
  if (state.status === status || state.status === 'unsubscribed') return { kind: 'already-suppressed' };
  return {
    kind: 'add',
    state: { ...NEW_ADDRESS_STATE, status, suppressedBy: reasonOfAdded(origin), lastBounceAt: state.lastBounceAt, statusChangedAt: now },
  };
}

/** What removing an address from the list does to its state. */
export type RemoveDecision = { readonly kind: 'remove'; readonly state: AddressState } | { readonly kind: 'not-suppressed' } | { readonly kind: 'kept' };

/**
 * Removing an address from the list at `now` is a re-activation: status `active`, a new run of
 * soft bounces. An address that complained, or that is unsubscribed (a person's own wish, however
 * it was recorded), is kept unless `includeComplaints`. An active address is not suppressed.
 */
export function decideRemoval(state: AddressState, includeComplaints: boolean, now: Date): RemoveDecision {
  if (state.status === 'active') return { kind: 'not-suppressed' };
  if (!includeComplaints && (state.status === 'unsubscribed' || state.suppressedBy === 'complaint')) return { kind: 'kept' };
  return { kind: 'remove', state: { ...NEW_ADDRESS_STATE, lastBounceAt: state.lastBounceAt, statusChangedAt: now } };
}
