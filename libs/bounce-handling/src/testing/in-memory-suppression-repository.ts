import type { KeysetPage, KeysetPageRequest } from '../shared/application/page';
import { addressStateAt } from '../shared/domain/address-state';
import { isSuppressed } from '../shared/domain/address-status';
import type { SuppressionNote, SuppressionRepository } from '../suppressions/application/ports/suppression.repository.port';
import { originOf, type Suppression, type SuppressionFilter } from '../suppressions/domain/suppression';
import type { Clock } from '../shared/application/ports/clock.port';
import { InMemoryAddressStore } from './in-memory-address-store';
import { FixedClock } from './fixed-clock';

/**
 * An in-memory `SuppressionRepository` over the addresses of an `InMemoryAddressStore` (shared
 * with an `InMemoryAddressStateRepository`), in the list's order, with the notes it was given.
 * Suppressions by the soft threshold lapse after `softSuppressionExpiryDays` as of the clock's time.
 */
export class InMemorySuppressionRepository implements SuppressionRepository {
  /** The note of each address, by address. */
  readonly notes = new Map<string, string | null>();

  constructor(
    readonly store = new InMemoryAddressStore(),
    private readonly clock: Clock = new FixedClock(),
    private readonly softSuppressionExpiryDays: number | null = null,
  ) {}

  async list(filter: SuppressionFilter, page: KeysetPageRequest): Promise<KeysetPage<Suppression>> {
    const all = this.matching(filter);
    const start = page.after === undefined ? page.offset : all.findIndex((item) => compare(positionOf(item), page.after) > 0);
    const from = start === -1 ? all.length : start;
    const items = all.slice(from, from + page.limit);
    const next = from + page.limit < all.length && items.length > 0 ? positionOf(items[items.length - 1]) : null;
    return { items, total: all.length, limit: page.limit, offset: page.offset ?? 0, next };
  }

  async *streamAll(filter: SuppressionFilter, batchSize: number): AsyncIterable<Suppression> {
    let page = await this.list(filter, { limit: batchSize, offset: 0 });
    for (;;) {
      yield* page.items;
      if (page.next === null) return;
      page = await this.list(filter, { limit: batchSize, after: page.next });
    }
  }

  async saveNotes(notes: readonly SuppressionNote[]): Promise<void> {
    for (const { email, note } of notes) this.notes.set(email, note);
  }

  private matching(filter: SuppressionFilter): Suppression[] {
    const now = this.clock.now();
    const emails = new Set([...this.store.subscribers.values()].map((subscriber) => subscriber.email).concat([...this.store.addressStates.keys()]));
    const all: Suppression[] = [];
    for (const email of emails) {
      const subscriber = this.store.subscriberOf(email);
      const state = addressStateAt(this.store.stateOf(email)!, now, this.softSuppressionExpiryDays);
      if (!isSuppressed(state.status)) continue;
      const suppression: Suppression = {
        email,
        status: state.status,
        origin: originOf(state.suppressedBy),
        reason: state.suppressedBy,
        note: this.notes.get(email) ?? null,
        subscriberId: subscriber?.id ?? null,
        suppressedAt: state.statusChangedAt,
      };
      if (matches(suppression, filter)) all.push(suppression);
    }
    return all.sort((a, b) => compare(positionOf(a), positionOf(b)));
  }
}

function matches(item: Suppression, filter: SuppressionFilter): boolean {
  const at = item.suppressedAt?.getTime() ?? 0;
  return (
    (filter.emails === undefined || filter.emails.includes(item.email)) &&
    (filter.domains === undefined || filter.domains.includes(item.email.slice(item.email.lastIndexOf('@') + 1))) &&
    (filter.statuses === undefined || filter.statuses.includes(item.status)) &&
    (filter.reasons === undefined || (item.reason !== null && filter.reasons.includes(item.reason))) &&
    (filter.origins === undefined || (item.origin !== null && filter.origins.includes(item.origin))) &&
    (filter.from === undefined || at >= filter.from.getTime()) &&
    (filter.to === undefined || at < filter.to.getTime())
  );
}

/** The list's sort key: `[suppressedAt (epoch when not known), email]`, newest first. */
function positionOf(item: Suppression): [string, string] {
  return [(item.suppressedAt ?? new Date(0)).toISOString(), item.email];
}

/** Negative when `a` comes first in the list (newest first, then email descending). */
function compare(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const time = new Date(b[0]).getTime() - new Date(a[0]).getTime();
  if (time !== 0) return time;
  return String(b[1]) < String(a[1]) ? -1 : String(b[1]) > String(a[1]) ? 1 : 0;
}
