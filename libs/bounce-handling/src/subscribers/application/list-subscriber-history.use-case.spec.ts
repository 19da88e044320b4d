import type { StatusChange } from '../../shared/domain/status-change';
import { aSubscriber, InMemoryStatusChangeLog, InMemorySubscriberHistory, InMemorySubscriberRepository } from '../../testing';
import { SubscriberNotFoundError } from '../domain/subscriber.errors';
import { ListSubscriberHistory } from './list-subscriber-history.use-case';

describe('ListSubscriberHistory', () => {
  const change = (email: string, day: number, fields: Partial<StatusChange> = {}): StatusChange => ({
    email,
    subscriberId: null,
    previousStatus: 'active',
    status: 'bounced',
    reason: 'hard-bounce',
    bounceId: null,
    occurredAt: new Date(`2026-01-0${day}T00:00:00Z`),
    ...fields,
  });
  let log: InMemoryStatusChangeLog;
  let listSubscriberHistory: ListSubscriberHistory;

  beforeEach(async () => {
    log = new InMemoryStatusChangeLog();
    await log.record(change('x@example.com', 1, { bounceId: 7 }), null);
    await log.record(change('other@example.com', 2), null);
    await log.record(change('x@example.com', 3, { subscriberId: 5, previousStatus: 'bounced', status: 'active', reason: 'reactivation' }), 'ops-console');
    listSubscriberHistory = new ListSubscriberHistory(
      new InMemorySubscriberRepository().withSubscriber(aSubscriber({ id: 5, email: 'x@example.com' })),
      new InMemorySubscriberHistory(log),
    );
  });

  it('lists the changes of the subscriber’s address, newest first, those before it had a subscriber included, with their actor', async () => {
    const page = await listSubscriberHistory.execute(5, { limit: 20, offset: 0 });
    expect(page.items.map((item) => [item.reason, item.actor, item.bounceId])).toEqual([
      ['reactivation', 'ops-console', null],
      ['hard-bounce', null, 7],
    ]);
    expect(page).toMatchObject({ total: 2, limit: 20, offset: 0 });
  });

  it('pages by offset, the total unchanged', async () => {
    const page = await listSubscriberHistory.execute(5, { limit: 1, offset: 1 });
    expect(page.items.map((item) => item.reason)).toEqual(['hard-bounce']);
    expect(page.total).toBe(2);
  });

  it('fails with not found for an unknown subscriber rather than answering an empty list', async () => {
    await expect(listSubscriberHistory.execute(6, { limit: 20, offset: 0 })).rejects.toThrow(SubscriberNotFoundError);
  });
});
