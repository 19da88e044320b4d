import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { type AddressStatus, isSuppressed } from '../../shared/domain/address-status';
import type { EmailAddress } from '../../shared/domain/email-address';

/** Longest subscriber name kept. */
export const MAX_SUBSCRIBER_NAME_LENGTH = 255;

/** A person on the workspace's list, with the bounce-handling state of their address. */
export class Subscriber {
  constructor(
    readonly id: number,
    readonly email: string,
    readonly name: string | null,
    /** The state of its address, which lives on the subscriber. */
    readonly state: AddressState,
    readonly createdAt: Date,
  ) {}

  get status(): AddressStatus {
    return this.state.status;
  }

  get consecutiveSoftBounces(): number {
    return this.state.consecutiveSoftBounces;
  }

  get lastBounceAt(): Date | null {
    return this.state.lastBounceAt;
  }

  get statusChangedAt(): Date | null {
    return this.state.statusChangedAt;
  }

  /** The same subscriber with another state of its address. */
  withState(state: AddressState): Subscriber {
    return new Subscriber(this.id, this.email, this.name, state, this.createdAt);
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
    return this.withState({ ...NEW_ADDRESS_STATE, lastBounceAt: this.lastBounceAt, statusChangedAt });
  }
}

/** What it takes to add a subscriber; it starts with its address's state. */
export interface NewSubscriber {
  readonly email: EmailAddress;
  readonly name: string | null;
}
