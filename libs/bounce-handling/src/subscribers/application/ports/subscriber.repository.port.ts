import type { Page, PageRequest } from '../../../shared/application/page';
import type { AddressState } from '../../../shared/domain/address-state';
import type { AddressStatus } from '../../../shared/domain/address-status';
import type { NewSubscriber, Subscriber } from '../../domain/subscriber';

export interface SubscriberFilter {
  readonly status?: AddressStatus;
}

/** Subscribers: the people on the list, whose address's state lives on them. */
export abstract class SubscriberRepository {
  /**
   * Adds a subscriber that takes over its address: it starts with `state`, the address's own
   * state row goes (the state lives in one place), and its past bounces and status changes
   * become the subscriber's, in one statement. Inside a transaction, with the address locked
   * (`AddressStateRepository.lockAll`) and `state` as read under that lock.
   */
  abstract add(subscriber: NewSubscriber, state: AddressState, createdAt: Date): Promise<Subscriber>;
  abstract findById(id: number): Promise<Subscriber | null>;
  /** Newest first (highest id first), with the exact total of the filter. */
  abstract list(filter: SubscriberFilter, page: PageRequest): Promise<Page<Subscriber>>;
}
