import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { type AddressStatus, isSuppressed } from '../../shared/domain/address-status';
import type { EmailAddress } from '../../shared/domain/email-address';

/** A person on the workspace's list, with the bounce-handling state of their address. */
export class Subscriber {
  constructor(
    readonly id: number,
    readonly email: string,
    readonly name: string | null,
    readonly status: AddressStatus,
    readonly consecutiveSoftBounces: number,
    readonly lastBounceAt: Date | null,
    readonly statusChangedAt: Date | null,
    readonly createdAt: Date,
  ) {}

  /** The state of its address, which lives on the subscriber. */
  get state(): AddressState {
    return { status: this.status, consecutiveSoftBounces: this.consecutiveSoftBounces, lastBounceAt: this.lastBounceAt, statusChangedAt: this.statusChangedAt };
  }

  get isSuppressed(): boolean {
    return isSuppressed(this.status);
  }

  /**
   * An operator's decision that the address may be mailed again: status `active` and a new
   * run of soft bounces (docs/policy.md, rule 4). An active subscriber only loses its run.
   */
  reactivate(now: Date): Subscriber {
    const statusChangedAt = this.status === 'active' ? this.statusChangedAt : now;
    return new Subscriber(this.id, this.email, this.name, 'active', 0, this.lastBounceAt, statusChangedAt, this.createdAt);
  }
}

/** What it takes to add a subscriber; the status comes from the address's history. */
export interface NewSubscriber {
  readonly email: EmailAddress;
  readonly name: string | null;
}

/**
 * A new subscriber takes over its address's state: an address suppressed before anyone
 * subscribed it stays suppressed (docs/policy.md, rule 6), a run of soft bounces goes on.
 */
export function initialStateOf(history: AddressState | null): AddressState {
  return history ?? NEW_ADDRESS_STATE;
}
