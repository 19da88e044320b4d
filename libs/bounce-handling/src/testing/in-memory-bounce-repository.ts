import type { AddressMessage, BounceRepository, NewBounce, ProviderEventKey } from '../bounces/application/ports/bounce.repository.port';
import type { BounceView } from '../bounces/domain/bounce';
import type { Page, PageRequest } from '../shared/application/page';

/**
 * The bounces in memory, for unit tests of use cases: idempotent by source + provider event id,
 * as the real adapter is; not its concurrency (use the MikroORM adapter for that).
 */
export class InMemoryBounceRepository implements BounceRepository {
  readonly rows: (NewBounce & { id: number })[] = [];

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

  async list(page: PageRequest): Promise<Page<BounceView>> {
    return this.page(this.rows, page);
  }

  async listBySubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    return this.page(
      this.rows.filter((row) => row.subscriberId === subscriberId),
      page,
    );
  }

  private page(rows: (NewBounce & { id: number })[], page: PageRequest): Page<BounceView> {
    const newestFirst = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    return {
      items: newestFirst.slice(page.offset, page.offset + page.limit).map((row) => ({ ...row, campaignName: null, subscriberName: null })),
      total: rows.length,
      limit: page.limit,
      offset: page.offset,
    };
  }
}
