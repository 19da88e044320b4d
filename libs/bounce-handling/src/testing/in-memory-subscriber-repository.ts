import type { Page, PageRequest } from '../shared/application/page';
import type { AddressState } from '../shared/domain/address-state';
import type { SubscriberFilter, SubscriberRepository } from '../subscribers/application/ports/subscriber.repository.port';
import { type NewSubscriber, Subscriber } from '../subscribers/domain/subscriber';
import { InMemoryAddressStore } from './in-memory-address-store';

/**
 * An in-memory `SubscriberRepository` for unit tests of use cases, in a store an
 * `InMemoryAddressStateRepository` may share: a new subscriber takes over its address's state
 * there, as `add` does in PostgreSQL.
 */
export class InMemorySubscriberRepository implements SubscriberRepository {
  constructor(readonly store = new InMemoryAddressStore()) {}

  /** Adds a subscriber as it is; later ones get the ids after its. */
  withSubscriber(subscriber: Subscriber): this {
    this.store.withSubscriber(subscriber);
    return this;
  }

  async add(subscriber: NewSubscriber, state: AddressState, createdAt: Date): Promise<Subscriber> {
    const email = subscriber.email.value;
    if (this.store.subscriberOf(email)) throw new Error(`duplicate key value violates unique constraint "subscribers_email_unique" (${email})`);
    const added = new Subscriber(this.store.newSubscriberId(), email, subscriber.name, state, createdAt);
    this.store.addressStates.delete(email);
    this.store.subscribers.set(added.id, added);
    return added;
  }

  async findById(id: number): Promise<Subscriber | null> {
    return this.store.subscribers.get(id) ?? null;
  }

  async list(filter: SubscriberFilter, page: PageRequest): Promise<Page<Subscriber>> {
    const matching = [...this.store.subscribers.values()]
      .filter((subscriber) => filter.status === undefined || subscriber.status === filter.status)
      .sort((a, b) => b.id - a.id);
    return { items: matching.slice(page.offset, page.offset + page.limit), total: matching.length, limit: page.limit, offset: page.offset };
  }
}
