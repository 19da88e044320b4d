import type { AddressState } from '../shared/domain/address-state';
import type { Subscriber } from '../subscribers/domain/subscriber';

/**
 * The `subscribers` and `address_states` tables in memory, for an `InMemorySubscriberRepository`
 * and an `InMemoryAddressStateRepository` to share: as in PostgreSQL, an address's state then
 * lives in one place for both, on its subscriber or on the address alone.
 */
export class InMemoryAddressStore {
  readonly subscribers = new Map<number, Subscriber>();
  /** The addresses that have a state but no subscriber. */
  readonly addressStates = new Map<string, AddressState>();
  private nextId = 1;

  /** Adds a subscriber as it is; later ones get the ids after its. */
  withSubscriber(subscriber: Subscriber): this {
    this.subscribers.set(subscriber.id, subscriber);
    this.nextId = Math.max(this.nextId, subscriber.id + 1);
    return this;
  }

  /** Gives an address without a subscriber its state. */
  withAddressState(email: string, state: AddressState): this {
    this.addressStates.set(email, state);
    return this;
  }

  subscriberOf(email: string): Subscriber | null {
    for (const subscriber of this.subscribers.values()) if (subscriber.email === email) return subscriber;
    return null;
  }

  /** The address's state wherever it lives; nothing for an address never seen. */
  stateOf(email: string): AddressState | undefined {
    return this.subscriberOf(email)?.state ?? this.addressStates.get(email);
  }

  newSubscriberId(): number {
    return this.nextId++;
  }
}
