import type { AddressState } from '../../domain/address-state';

/** An address whose state is locked for the rest of the transaction. */
export interface LockedAddress {
  readonly email: string;
  /** The subscriber the state lives on; null when the address belongs to no subscriber. */
  readonly subscriberId: number | null;
  readonly state: AddressState;
}

export interface AddressStateUpdate {
  readonly address: LockedAddress;
  readonly state: AddressState;
  readonly at: Date;
  /** A bounce or complaint was recorded for the address. */
  readonly bounced: boolean;
  readonly statusChanged: boolean;
}

/**
 * The policy's view of addresses: their state, wherever it lives (on the subscriber, or on
 * the address alone). Must be used inside a transaction; works on many addresses at once so
 * that a provider's batch costs a few statements, not a few per event.
 */
export abstract class AddressStateRepository {
  /**
   * Locks the addresses (normalised, distinct) against every other change until the
   * transaction ends, in one fixed order, then loads their state; an address never seen has
   * the state of a new one.
   */
  abstract lockAll(emails: readonly string[]): Promise<Map<string, LockedAddress>>;
  abstract saveAll(updates: readonly AddressStateUpdate[]): Promise<void>;
}
