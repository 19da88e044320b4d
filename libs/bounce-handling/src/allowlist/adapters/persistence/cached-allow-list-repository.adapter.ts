import type { TableChanges } from '../../../shared/adapters/persistence/table-changes';
import type { Page, PageRequest } from '../../../shared/application/page';
import type { AllowListEntry } from '../../domain/allow-list-entry';
import { type AddedAllowListEntry, AllowListRepository } from '../../application/ports/allow-list.repository.port';

/** A list longer than this is not kept in memory: each look-up then asks the database, as without a cache. */
export const MAX_CACHED_ALLOW_LIST_PATTERNS = 10_000;

/**
 * The allow-list, with `existing` — asked once per ingestion — answered from a copy of every
 * pattern in memory. The copy is read at the first look-up, and forgotten when the database
 * notifies a change of `allowlist_entries` (`TableChanges`: any process, any writer) or this
 * process changes it. While the notices are not heard, or the list is too long to keep, every
 * look-up asks the database. A look-up under way when a change is told does not keep its copy.
 *
 * An entry added elsewhere is seen here once its notice arrives (milliseconds after its commit),
 * not within the transaction of an ingestion that began before: as if the report had come a
 * moment earlier.
 */
export class CachedAllowListRepository extends AllowListRepository {
  /** Every pattern on the list; null when not read (or forgotten), 'too long' when not kept. */
  private patterns: ReadonlySet<string> | 'too long' | null = null;
  private generation = 0;

  constructor(
    private readonly stored: AllowListRepository & { all(limit: number): Promise<readonly string[] | null> },
    private readonly changes: Pick<TableChanges, 'listening' | 'follow'>,
  ) {
    super();
    changes.follow('allowlist_entries', () => this.forget());
  }

  async existing(patterns: readonly string[]): Promise<ReadonlySet<string>> {
    if (patterns.length === 0) return new Set();
    const known = await this.known();
    if (known === null) return this.stored.existing(patterns);
    return new Set(patterns.filter((pattern) => known.has(pattern)));
  }

  add(entry: AllowListEntry): Promise<AddedAllowListEntry> {
    return this.changing(this.stored.add(entry));
  }

  remove(pattern: string): Promise<boolean> {
    return this.changing(this.stored.remove(pattern));
  }

  list(page: PageRequest): Promise<Page<AllowListEntry>> {
    return this.stored.list(page);
  }

  /** Every pattern, from memory or read now; null when the database must be asked instead. */
  private async known(): Promise<ReadonlySet<string> | null> {
    if (!this.changes.listening) return null;
    if (this.patterns === 'too long') return null;
    if (this.patterns !== null) return this.patterns;
    const generation = this.generation;
    const all = await this.stored.all(MAX_CACHED_ALLOW_LIST_PATTERNS);
    const read = all === null ? 'too long' : new Set(all);
    if (generation === this.generation && this.changes.listening) this.patterns = read;
    return read === 'too long' ? null : read;
  }

  private forget(): void {
    this.generation += 1;
    this.patterns = null;
  }

  private async changing<T>(change: Promise<T>): Promise<T> {
    this.forget();
    try {
      return await change;
    } finally {
      this.forget();
    }
  }
}
