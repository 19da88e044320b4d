import type { AddressStateRepository } from '../shared/application/ports/address-state.repository.port';
import { type AddressState, addressStateAt, type LockedAddress, NEW_ADDRESS_STATE } from '../shared/domain/address-state';
import { isSuppressed, type SuppressedStatus } from '../shared/domain/address-status';
import type { EmailAddress } from '../shared/domain/email-address';
import { InMemoryAddressStore } from './in-memory-address-store';
import type { InMemoryTransactionRunner } from './in-memory-transaction-runner';
import { aSubscriber } from './subscriber.mother';

/**
 * An in-memory `AddressStateRepository` for unit tests of use cases: the state on the address's
 * subscriber when there is one, else on the address, in a store an `InMemorySubscriberRepository`
 * may share. Given the transaction runner, it refuses to lock outside a transaction, as the real
 * lock would be released at once; it remembers every lock taken. Not the real adapter's
 * concurrency (the PostgreSQL adapter's integration spec has that).
 */
export class InMemoryAddressStateRepository implements AddressStateRepository {
  /** Every set of addresses locked, in the order given. */
  readonly locks: string[][] = [];

  constructor(
    readonly store = new InMemoryAddressStore(),
    private readonly transactions?: InMemoryTransactionRunner,
  ) {}

  /** Gives the address a subscriber with this id, whose state is `state`. */
  withSubscriber(email: string, id: number, state: AddressState = NEW_ADDRESS_STATE): this {
    this.store.withSubscriber(aSubscriber({ id, email, name: null, ...state }));
    return this;
  }

  withAddressState(email: string, state: AddressState): this {
    this.store.withAddressState(email, state);
    return this;
  }

  stateOf(email: string): AddressState | undefined {
    return this.store.stateOf(email);
  }

  async lockAll(emails: readonly string[]): Promise<Map<string, LockedAddress>> {
    if (this.transactions && !this.transactions.open) throw new Error(`locked ${emails.join(', ')} outside a transaction`);
    this.locks.push([...emails]);
    return new Map(
      emails.map((email) => {
        const subscriber = this.store.subscriberOf(email);
        const locked: LockedAddress = subscriber
          ? { email, subscriberId: subscriber.id, state: subscriber.state }
          : { email, subscriberId: null, state: this.store.addressStates.get(email) ?? NEW_ADDRESS_STATE };
        return [email, locked];
      }),
    );
  }

  async saveAll(addresses: readonly LockedAddress[], _at: Date): Promise<void> {
    for (const { email, subscriberId, state } of addresses) {
      if (subscriberId === null) {
        this.store.addressStates.set(email, state);
        continue;
      }
      const subscriber = this.store.subscribers.get(subscriberId);
      if (subscriber) this.store.subscribers.set(subscriberId, subscriber.withState(state));
    }
  }

  async suppressedStatusesOf(
    emails: readonly EmailAddress[],
    at: Date,
    softSuppressionExpiryDays: number | null,
  ): Promise<ReadonlyMap<string, SuppressedStatus>> {
    const statuses = new Map<string, SuppressedStatus>();
    for (const { value } of emails) {
      const state = this.store.stateOf(value);
      const status = state && addressStateAt(state, at, softSuppressionExpiryDays).status;
      if (status !== undefined && isSuppressed(status)) statuses.set(value, status);
    }
    return statuses;
  }
}
