import type { Page, PageRequest } from '../shared/application/page';
import type { RecordedStatusChange, SubscriberHistory } from '../subscribers/application/ports/subscriber-history.port';
import { InMemoryStatusChangeLog } from './in-memory-status-change-log';

/** A `SubscriberHistory` that reads what an `InMemoryStatusChangeLog` was given, ids in the order recorded. */
export class InMemorySubscriberHistory implements SubscriberHistory {
  constructor(readonly log = new InMemoryStatusChangeLog()) {}

  async listOf(email: string, page: PageRequest): Promise<Page<RecordedStatusChange>> {
    const all = this.log.entries
      .map(({ change, actor }, index): RecordedStatusChange => ({ ...change, id: index + 1, actor }))
      .filter((change) => change.email === email)
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id);
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, limit: page.limit, offset: page.offset };
  }
}
