import type { AddressStatus, StatusChangeReason } from './address-status';

/** Longest actor a recorded change keeps: an API key's name, which is shorter. */
export const MAX_STATUS_CHANGE_ACTOR_LENGTH = 255;

/**
 * Published after the commit that changed an address's status: a subscriber (or an address
 * with no subscriber yet) became bounced or unsubscribed, or an operator re-activated it.
 */
export interface StatusChange {
  readonly email: string;
  /** Null when the address belongs to no subscriber (it is suppressed all the same). */
  readonly subscriberId: number | null;
  readonly previousStatus: AddressStatus;
  readonly status: AddressStatus;
  readonly reason: StatusChangeReason;
  /** The bounce that caused the change, when one did. */
  readonly bounceId: number | null;
  readonly occurredAt: Date;
}
