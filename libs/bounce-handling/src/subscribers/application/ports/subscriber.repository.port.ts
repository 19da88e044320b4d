import type { Page, PageRequest } from '../../../shared/application/page';
import type { AddressStatus, SuppressedStatus } from '../../../shared/domain/address-status';
import type { EmailAddress } from '../../../shared/domain/email-address';
import type { AddressState } from '../../../shared/domain/address-state';
import type { NewSubscriber, Subscriber } from '../../domain/subscriber';

/** An address locked for the rest of the transaction, and where its state lives now. */
export interface LockedSubscriberAddress {
  readonly email: string;
  /** The subscriber the address belongs to, if any. */
  readonly subscriber: Subscriber | null;
  /** The state the address gathered without a subscriber; null when it has a subscriber or no history. */
  readonly history: AddressState | null;
}

export interface SubscriberFilter {
  readonly status?: AddressStatus;
}

/**
 * Subscribers and, because an address's state lives on its subscriber when it has one, the
 * hand-over of an address's state to a new subscriber. The `lock…` methods and the writes
 * must run inside a transaction (`TransactionRunner`).
 */
export abstract class SubscriberRepository {
  /** Locks the address against every other change of its state, then loads it. */
  abstract lockAddress(email: EmailAddress): Promise<LockedSubscriberAddress>;
  /** Locks the subscriber's address as `lockAddress` does, then loads the subscriber; null when there is none. */
  abstract lockById(id: number): Promise<Subscriber | null>;
  /**
   * Adds a subscriber that takes over its address: it starts with `state`, the address's own
   * state row goes (the state lives in one place), and its past bounces become the subscriber's.
   */
  abstract add(subscriber: NewSubscriber, state: AddressState, createdAt: Date): Promise<Subscriber>;
  /** Stores the subscriber's status, run of soft bounces and time of status change. */
  abstract save(subscriber: Subscriber, at: Date): Promise<void>;
  abstract findById(id: number): Promise<Subscriber | null>;
  /** Newest first (highest id first), with the exact total of the filter. */
  abstract list(filter: SubscriberFilter, page: PageRequest): Promise<Page<Subscriber>>;
  /**
   * The status of each of these addresses that may not be mailed (`bounced` or
   * `unsubscribed`), on a subscriber or alone; an address missing from the answer is active or
   * unknown. One query for all of them, answering only the few suppressed ones.
   */
  abstract suppressedStatusesOf(emails: readonly EmailAddress[]): Promise<ReadonlyMap<string, SuppressedStatus>>;
}
