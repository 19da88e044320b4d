import type { AddressStateRepository } from '../shared/application/ports/address-state.repository.port';
import { type AddressState, type LockedAddress, NEW_ADDRESS_STATE } from '../shared/domain/address-state';

/**
 * The address states of the bounces feature in memory, for unit tests of use cases: state on the
 * subscriber when there is one, else on the address; not the real adapter's concurrency (use
 * the PostgreSQL adapter for that).
 */
export class InMemoryAddressStateRepository implements AddressStateRepository {
  readonly subscribers = new Map<string, { id: number; state: AddressState }>();
  readonly addresses = new Map<string, AddressState>();
  /** Every set of addresses locked, in the order given. */
  readonly locks: string[][] = [];

  withSubscriber(email: string, id: number, state: AddressState = NEW_ADDRESS_STATE): this {
    this.subscribers.set(email, { id, state });
    return this;
  }

  stateOf(email: string): AddressState | undefined {
    return this.subscribers.get(email)?.state ?? this.addresses.get(email);
  }

  async lockAll(emails: readonly string[]): Promise<Map<string, LockedAddress>> {
    this.locks.push([...emails]);
    return new Map(
      emails.map((email) => {
        const subscriber = this.subscribers.get(email);
        const locked: LockedAddress = subscriber
          ? { email, subscriberId: subscriber.id, state: subscriber.state }
          : { email, subscriberId: null, state: this.addresses.get(email) ?? NEW_ADDRESS_STATE };
        return [email, locked];
      }),
    );
  }

  async saveAll(addresses: readonly LockedAddress[], _at: Date): Promise<void> {
    for (const { email, subscriberId, state } of addresses) {
      if (subscriberId !== null) this.subscribers.set(email, { id: subscriberId, state });
      else this.addresses.set(email, state);
    }
  }
}
