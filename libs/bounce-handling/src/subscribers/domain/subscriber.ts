import type { AddressStatus } from '../../shared/domain/address-status';
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

  /**
   * An operator's decision that the address may be mailed again: status `active` and a new
   * run of soft bounces (DESIGN.md §3 rule 4).
   */
  reactivate(now: Date): Subscriber {
    return new Subscriber(this.id, this.email, this.name, 'active', 0, this.lastBounceAt, now, this.createdAt);
  }
}

/** What it takes to add a subscriber; the status comes from the address's history. */
export interface NewSubscriber {
  readonly email: EmailAddress;
  readonly name: string | null;
}
