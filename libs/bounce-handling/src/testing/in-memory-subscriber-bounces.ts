import type { Page, PageRequest } from '../shared/application/page';
import type { SubscriberBounce, SubscriberBounces } from '../subscribers/application/ports/subscriber-bounces.port';

/** An in-memory `SubscriberBounces`: the bounces given to it, newest first. */
export class InMemorySubscriberBounces implements SubscriberBounces {
  readonly bounces: SubscriberBounce[] = [];

  with(bounce: SubscriberBounce): this {
    this.bounces.push(bounce);
    return this;
  }

  async list(subscriberId: number, page: PageRequest): Promise<Page<SubscriberBounce>> {
    const own = this.bounces
      .filter((bounce) => bounce.subscriberId === subscriberId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    return { items: own.slice(page.offset, page.offset + page.limit), total: own.length, limit: page.limit, offset: page.offset };
  }
}
