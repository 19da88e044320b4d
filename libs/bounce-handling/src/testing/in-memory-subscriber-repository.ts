import type { Page, PageRequest } from '../shared/application/page';
import { isSuppressed, type SuppressedStatus } from '../shared/domain/address-status';
import type { EmailAddress } from '../shared/domain/email-address';
import type { LockedSubscriberAddress, SubscriberFilter, SubscriberRepository } from '../subscribers/application/ports/subscriber.repository.port';
import type { AddressState } from '../shared/domain/address-state';
import { type NewSubscriber, Subscriber } from '../subscribers/domain/subscriber';
import type { InMemoryTransactionRunner } from './in-memory-transaction-runner';

/**
 * An in-memory `SubscriberRepository` for unit tests of use cases: subscribers, and the state
 * of addresses without one. Given the transaction runner, it refuses to lock an address outside
 * a transaction, as the real lock would be released at once; it remembers every lock taken.
 */
export class InMemorySubscriberRepository implements SubscriberRepository {
  readonly subscribers = new Map<number, Subscriber>();
  /** The `address_states` table: addresses that have a state but no subscriber. */
  readonly addressStates = new Map<string, AddressState>();
  /** The addresses locked, in order. */
  readonly locks: string[] = [];
  private nextId = 1;

  constructor(private readonly transactions?: InMemoryTransactionRunner) {}

  /** Adds a subscriber as it is, with the next id unless given one. */
  withSubscriber(subscriber: Subscriber): this {
    this.subscribers.set(subscriber.id, subscriber);
    this.nextId = Math.max(this.nextId, subscriber.id + 1);
    return this;
  }

  withAddressState(email: string, history: AddressState): this {
    this.addressStates.set(email, history);
    return this;
  }

  async lockAddress(email: EmailAddress): Promise<LockedSubscriberAddress> {
    this.lock(email.value);
    const subscriber = this.byEmail(email.value);
    return { email: email.value, subscriber, history: subscriber ? null : (this.addressStates.get(email.value) ?? null) };
  }

  async lockById(id: number): Promise<Subscriber | null> {
    const subscriber = this.subscribers.get(id);
    if (!subscriber) return null;
    this.lock(subscriber.email);
    return subscriber;
  }

  async add(subscriber: NewSubscriber, state: AddressState, createdAt: Date): Promise<Subscriber> {
    const email = subscriber.email.value;
    if (this.byEmail(email)) throw new Error(`duplicate key value violates unique constraint "subscribers_email_unique" (${email})`);
    const added = new Subscriber(this.nextId++, email, subscriber.name, state.status, state.consecutiveSoftBounces, state.lastBounceAt, state.statusChangedAt, createdAt);
    this.addressStates.delete(email);
    this.subscribers.set(added.id, added);
    return added;
  }

  async save(subscriber: Subscriber): Promise<void> {
    const stored = this.subscribers.get(subscriber.id);
    if (!stored) return;
    this.subscribers.set(
      subscriber.id,
      new Subscriber(stored.id, stored.email, stored.name, subscriber.status, subscriber.consecutiveSoftBounces, stored.lastBounceAt, subscriber.statusChangedAt, stored.createdAt),
    );
  }

  async findById(id: number): Promise<Subscriber | null> {
    return this.subscribers.get(id) ?? null;
  }

  async list(filter: SubscriberFilter, page: PageRequest): Promise<Page<Subscriber>> {
    const matching = [...this.subscribers.values()].filter((subscriber) => filter.status === undefined || subscriber.status === filter.status).sort((a, b) => b.id - a.id);
    return { items: matching.slice(page.offset, page.offset + page.limit), total: matching.length, limit: page.limit, offset: page.offset };
  }

  async suppressedStatusesOf(emails: readonly EmailAddress[]): Promise<ReadonlyMap<string, SuppressedStatus>> {
    const statuses = new Map<string, SuppressedStatus>();
    for (const { value } of emails) {
      const status = this.byEmail(value)?.status ?? this.addressStates.get(value)?.status;
      if (status !== undefined && isSuppressed(status)) statuses.set(value, status);
    }
    return statuses;
  }

  private lock(email: string): void {
    if (this.transactions && !this.transactions.open) throw new Error(`locked ${email} outside a transaction`);
    this.locks.push(email);
  }

  private byEmail(email: string): Subscriber | null {
    for (const subscriber of this.subscribers.values()) if (subscriber.email === email) return subscriber;
    return null;
  }
}
