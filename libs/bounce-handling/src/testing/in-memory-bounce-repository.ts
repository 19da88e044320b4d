import type {
  AddressMessage,
  BounceDetail,
  BounceFilter,
  BounceRepository,
  NewBounce,
  ProviderEventKey,
} from '../bounces/application/ports/bounce.repository.port';
import type { BounceView } from '../bounces/domain/bounce';
import type { KeysetPage, KeysetPageRequest, Page, PageRequest } from '../shared/application/page';

type StoredBounce = NewBounce & { readonly id: number };

/**
 * The bounces in memory, for unit tests of use cases: idempotent by source + provider event id,
 * and filtered and paged as the real adapter does (a keyset position is the ISO text of
 * `created_at` and the id); not its concurrency (use the PostgreSQL adapter for that).
 */
export class InMemoryBounceRepository implements BounceRepository {
  readonly rows: StoredBounce[] = [];

  async addAll(bounces: readonly NewBounce[]): Promise<(number | null)[]> {
    return bounces.map((bounce) => {
      const duplicate =
        bounce.providerEventId !== null && this.rows.some((row) => row.source === bounce.source && row.providerEventId === bounce.providerEventId);
      if (duplicate) return null;
      const id = this.rows.length + 1;
      this.rows.push({ ...bounce, id });
      return id;
    });
  }

  async recordedEvents(keys: readonly ProviderEventKey[]): Promise<ProviderEventKey[]> {
    return keys.filter((key) => this.rows.some((row) => row.source === key.source && row.providerEventId === key.providerEventId));
  }

  async softBouncedMessages(messages: readonly AddressMessage[]): Promise<AddressMessage[]> {
    return messages.filter((message) =>
      this.rows.some((row) => row.email === message.email && row.providerMessageId === message.providerMessageId && row.bounceType === 'soft'),
    );
  }

  async list(filter: BounceFilter, page: KeysetPageRequest): Promise<KeysetPage<BounceView>> {
    const kept = newestFirst(this.rows.filter((row) => keeps(filter, row)));
    const after = page.after;
    const start =
      after === undefined
        ? page.offset
        : kept.findIndex((row) => {
            const at = new Date(String(after[0])).getTime();
            return row.createdAt.getTime() < at || (row.createdAt.getTime() === at && row.id < Number(after[1]));
          });
    const from = start === -1 ? kept.length : start;
    const items = kept.slice(from, from + page.limit);
    const last = items.at(-1);
    return {
      items: items.map(view),
      total: kept.length,
      limit: page.limit,
      offset: page.offset ?? 0,
      next: from + page.limit < kept.length && last !== undefined ? [last.createdAt.toISOString(), last.id] : null,
    };
  }

  async findById(id: number): Promise<BounceDetail | null> {
    const row = this.rows.find((stored) => stored.id === id);
    return row === undefined ? null : { ...view(row), rawPayload: row.rawPayload ?? null };
  }

  async listBySubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    const rows = newestFirst(this.rows.filter((row) => row.subscriberId === subscriberId));
    return { items: rows.slice(page.offset, page.offset + page.limit).map(view), total: rows.length, limit: page.limit, offset: page.offset };
  }
}

function newestFirst(rows: readonly StoredBounce[]): StoredBounce[] {
  return [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
}

function view({ rawPayload: _raw, ...row }: StoredBounce): BounceView {
  return { ...row, campaignName: null, subscriberName: null };
}

function keeps(filter: BounceFilter, row: StoredBounce): boolean {
  const among = <T>(values: readonly T[] | undefined, value: T): boolean => values === undefined || values.includes(value);
  return (
    among(filter.emails, row.email) &&
    among(filter.domains, row.email.slice(row.email.lastIndexOf('@') + 1)) &&
    among(filter.bounceTypes, row.bounceType) &&
    among(filter.categories, row.cause.category) &&
    among(filter.reasons, row.cause.reason) &&
    among(filter.sources, row.source) &&
    (filter.campaignIds === undefined || (row.campaignId !== null && filter.campaignIds.includes(row.campaignId))) &&
    (filter.from === undefined || row.createdAt >= filter.from) &&
    (filter.to === undefined || row.createdAt < filter.to)
  );
}
