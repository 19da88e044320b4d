import type { AddedAllowListEntry, AllowListRepository } from '../allowlist/application/ports/allow-list.repository.port';
import type { AllowListEntry } from '../allowlist/domain/allow-list-entry';
import type { Page, PageRequest } from '../shared/application/page';

/** An in-memory `AllowListRepository`, with the real one's add-unless-there contract; counts its look-ups. */
export class InMemoryAllowListRepository implements AllowListRepository {
  readonly entries = new Map<string, AllowListEntry>();
  /** The patterns asked for by each call of `existing`, in order. */
  readonly lookUps: (readonly string[])[] = [];
  /** How many times every pattern was read (`all`). */
  readsOfAll = 0;

  async add(entry: AllowListEntry): Promise<AddedAllowListEntry> {
    const existing = this.entries.get(entry.pattern);
    if (existing) return { entry: existing, created: false };
    this.entries.set(entry.pattern, entry);
    return { entry, created: true };
  }

  async remove(pattern: string): Promise<boolean> {
    return this.entries.delete(pattern);
  }

  async list(page: PageRequest): Promise<Page<AllowListEntry>> {
    const all = [...this.entries.values()].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0),
    );
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, limit: page.limit, offset: page.offset };
  }

  /** Every pattern, or null when there are more than `limit`, as `PostgresAllowListRepository.all`. */
  async all(limit: number): Promise<readonly string[] | null> {
    this.readsOfAll += 1;
    return this.entries.size > limit ? null : [...this.entries.keys()];
  }

  async existing(patterns: readonly string[]): Promise<ReadonlySet<string>> {
    this.lookUps.push(patterns);
    return new Set(patterns.filter((pattern) => this.entries.has(pattern)));
  }
}
