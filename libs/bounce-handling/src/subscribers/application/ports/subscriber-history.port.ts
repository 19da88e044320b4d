import type { Page, PageRequest } from '../../../shared/application/page';
import type { StatusChange } from '../../../shared/domain/status-change';

/** A change of an address's status as the audit trail keeps it: who made it, and its id there. */
export interface RecordedStatusChange extends StatusChange {
  readonly id: number;
  /** The API key's name for an operator's change; null for the policy's. */
  readonly actor: string | null;
}

/** The audit trail of an address's status, read back (`StatusChangeLog` writes it). */
export abstract class SubscriberHistory {
  /**
   * The changes of this address's status, newest first (then the latest recorded first), with
   * the exact total; those made before it had a subscriber included.
   */
  abstract listOf(email: string, page: PageRequest): Promise<Page<RecordedStatusChange>>;
}
