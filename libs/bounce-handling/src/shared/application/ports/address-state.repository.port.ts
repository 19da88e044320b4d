import type { LockedAddress } from '../../domain/address-state';
import type { SuppressedStatus } from '../../domain/address-status';
import type { EmailAddress } from '../../domain/email-address';

/**
 * The state of addresses, wherever it lives: on the address's subscriber when it has one, on
 * the address alone otherwise (docs/policy.md, rule 6). Every change of an address's state
 * (ingestion, a new subscriber taking the address over, a re-activation) locks it here first,
 * so that no two interleave. `lockAll` and `saveAll` must run inside a transaction
 * (`TransactionRunner`); they work on many addresses at once so that a provider's batch costs a
 * few statements, not a few per event.
 */
export abstract class AddressStateRepository {
  /**
   * Locks the addresses (normalised, distinct) against every other change until the
   * transaction ends, in one fixed order, then loads their state and where it lives; an address
   * never seen has the state of a new one (`NEW_ADDRESS_STATE`) and no subscriber.
   */
  abstract lockAll(emails: readonly string[]): Promise<Map<string, LockedAddress>>;
  /**
   * Stores each address's state where `lockAll` found it: on its subscriber, or on the address
   * alone (kept from then on). `at` is the time of the change.
   */
  abstract saveAll(addresses: readonly LockedAddress[], at: Date): Promise<void>;
  /**
   * The status of each of these addresses that may not be mailed at `at` (`bounced` or
   * `unsubscribed`), wherever its state lives; an address missing from the answer is active,
   * unknown, or suppressed by the soft threshold at least `softSuppressionExpiryDays` days before
   * `at` (`addressStateAt`; docs/policy.md, rule 13; null: no suppression lapses). One query for
   * all of them, answering only the few suppressed ones; it takes no lock and writes nothing.
   */
  abstract suppressedStatusesOf(
    emails: readonly EmailAddress[],
    at: Date,
    softSuppressionExpiryDays: number | null,
  ): Promise<ReadonlyMap<string, SuppressedStatus>>;
}
