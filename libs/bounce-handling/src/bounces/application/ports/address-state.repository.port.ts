import type { EmailAddress } from '../../../shared/domain/email-address';
import type { AddressState } from '../../domain/address-state';

/** An address whose state is locked for the rest of the transaction. */
export interface LockedAddress {
  readonly email: string;
  /** The subscriber the state lives on; null when the address belongs to no subscriber. */
  readonly subscriberId: number | null;
  readonly state: AddressState;
}

export interface AddressStateUpdate {
  readonly state: AddressState;
  readonly at: Date;
  /** A bounce or complaint was recorded for the address. */
  readonly bounced: boolean;
  readonly statusChanged: boolean;
}

/**
 * The policy's view of addresses: their state, wherever it lives (on the subscriber, or on
 * the address alone). Must be used inside a transaction.
 */
export abstract class AddressStateRepository {
  /** Locks the address against every other change until the transaction ends, then loads it. */
  abstract lock(email: EmailAddress): Promise<LockedAddress>;
  abstract save(address: LockedAddress, update: AddressStateUpdate): Promise<void>;
}
