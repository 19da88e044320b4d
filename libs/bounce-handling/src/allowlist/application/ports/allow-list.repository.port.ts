import type { Page, PageRequest } from '../../../shared/application/page';
import type { AllowListEntry } from '../../domain/allow-list-entry';

export interface AddedAllowListEntry {
  readonly entry: AllowListEntry;
  /** False when the pattern was on the list already: the entry is then as it was. */
  readonly created: boolean;
}

export abstract class AllowListRepository {
  /** Adds the entry unless its pattern is there already, atomically; either way answers the stored entry. */
  abstract add(entry: AllowListEntry): Promise<AddedAllowListEntry>;
  /** Removes the pattern's entry; false when there was none. */
  abstract remove(pattern: string): Promise<boolean>;
  /** Newest first (then by pattern), with the exact total. */
  abstract list(page: PageRequest): Promise<Page<AllowListEntry>>;
  /**
   * Which of these patterns (normalised) are on the list: one look-up of exact keys for all of
   * them, inside the current transaction when there is one.
   */
  abstract existing(patterns: readonly string[]): Promise<ReadonlySet<string>>;
}
