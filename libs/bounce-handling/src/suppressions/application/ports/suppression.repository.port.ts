import type { KeysetPage, KeysetPageRequest } from '../../../shared/application/page';
import type { Suppression, SuppressionFilter } from '../../domain/suppression';

/** A note to keep with an address's suppression, where its state lives. */
export interface SuppressionNote {
  readonly email: string;
  /** The subscriber the address's state lives on; null when it has none. */
  readonly subscriberId: number | null;
  readonly note: string | null;
}

/**
 * The suppression list: every address that may not be mailed now, whether it has a subscriber or
 * not, newest suppression first (`suppressedAt` desc, then `email` desc). A suppression by the
 * soft threshold that has lapsed (docs/policy.md, rule 13) is not on it.
 */
export abstract class SuppressionRepository {
  /**
   * A page of the suppressions matching the filter and their exact total. A keyset position is
   * `[suppressedAt as RFC 3339 (epoch when not known), email]` of the last item of the page before.
   */
  abstract list(filter: SuppressionFilter, page: KeysetPageRequest): Promise<KeysetPage<Suppression>>;

  /**
   * Every suppression matching the filter, in the list's order, read `batchSize` at a time by
   * keyset (memory does not grow with the list): for an export that streams.
   */
  abstract streamAll(filter: SuppressionFilter, batchSize: number): AsyncIterable<Suppression>;

  /**
   * Keeps the notes with the addresses' suppressions; must run inside the transaction that locked
   * and saved them (`AddressStateRepository`).
   */
  abstract saveNotes(notes: readonly SuppressionNote[]): Promise<void>;
}
