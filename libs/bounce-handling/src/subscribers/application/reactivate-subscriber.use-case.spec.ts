import type { StatusChange } from '../../shared/domain/status-change';
import {
  FixedClock,
  InMemoryAddressStateRepository,
  InMemoryAddressStore,
  InMemoryOutbox,
  InMemoryStatusChangeLog,
  InMemoryTransactionRunner,
  InMemorySubscriberRepository,
  aSubscriber,
} from '../../testing';
import { SubscriberNotFoundError } from '../domain/subscriber.errors';
import { ReactivateSubscriber } from './reactivate-subscriber.use-case';

describe('ReactivateSubscriber', () => {
  const now = new Date('2026-02-01T10:00:00Z');
  const bouncedAt = new Date('2026-01-10T12:00:00Z');
  let transactions: InMemoryTransactionRunner;
  let addresses: InMemoryAddressStateRepository;
  let subscribers: InMemorySubscriberRepository;
  let log: InMemoryStatusChangeLog;
  let outbox: InMemoryOutbox;
  /** What was published, each with whether the transaction was still open then. */
  let published: { change: StatusChange; duringTransaction: boolean }[];
  let reactivateSubscriber: ReactivateSubscriber;

  beforeEach(() => {
    transactions = new InMemoryTransactionRunner();
    const store = new InMemoryAddressStore();
    addresses = new InMemoryAddressStateRepository(store, transactions);
    subscribers = new InMemorySubscriberRepository(store);
    log = new InMemoryStatusChangeLog();
    published = [];
    const notifier = {
      publish: async (changes: readonly StatusChange[]) => void published.push(...changes.map((change) => ({ change, duringTransaction: transactions.open }))),
    };
    outbox = new InMemoryOutbox(transactions);
    reactivateSubscriber = new ReactivateSubscriber(transactions, addresses, subscribers, log, notifier, new FixedClock(now), outbox);
  });

  it('makes a bounced subscriber active with a new run of soft bounces', async () => {
    subscribers.withSubscriber(aSubscriber({ id: 5, status: 'bounced', consecutiveSoftBounces: 3, lastBounceAt: bouncedAt, statusChangedAt: bouncedAt }));
    const reactivated = await reactivateSubscriber.execute({ subscriberId: 5, actor: 'ops-console' });
    expect(reactivated).toMatchObject({ id: 5, status: 'active', consecutiveSoftBounces: 0, lastBounceAt: bouncedAt, statusChangedAt: now });
    expect(await subscribers.findById(5)).toEqual(reactivated);
  });

  it('records the change of status with its reason and the operator who made it', async () => {
    subscribers.withSubscriber(aSubscriber({ id: 5, email: 'x@example.com', status: 'unsubscribed' }));
    await reactivateSubscriber.execute({ subscriberId: 5, actor: 'ops-console' });
    expect(log.entries).toEqual([
      {
        change: {
          email: 'x@example.com',
          subscriberId: 5,
          previousStatus: 'unsubscribed',
          status: 'active',
          reason: 'reactivation',
          bounceId: null,
          occurredAt: now,
        },
        actor: 'ops-console',
      },
    ]);
  });

  it('publishes the change once, after the transaction is over', async () => {
    subscribers.withSubscriber(aSubscriber({ id: 5, status: 'bounced' }));
    await reactivateSubscriber.execute({ subscriberId: 5, actor: 'ops-console' });
    expect(published).toEqual([{ change: expect.objectContaining({ subscriberId: 5, status: 'active', reason: 'reactivation' }), duringTransaction: false }]);
  });

  it('works under the address lock, in one transaction', async () => {
    subscribers.withSubscriber(aSubscriber({ id: 5, email: 'x@example.com', status: 'bounced' }));
    await reactivateSubscriber.execute({ subscriberId: 5, actor: 'ops-console' });
    expect(addresses.locks).toEqual([['x@example.com']]);
    expect(transactions.transactions).toBe(1);
  });

  it('acts on the state read under the lock, not on the subscriber read before it', async () => {
    subscribers.withSubscriber(aSubscriber({ id: 5, email: 'x@example.com', status: 'bounced', consecutiveSoftBounces: 3 }));
    // Read before the lock, the subscriber still looked active: a bounce committed in between.
    jest.spyOn(subscribers, 'findById').mockResolvedValue(aSubscriber({ id: 5, email: 'x@example.com', status: 'active' }));
    const reactivated = await reactivateSubscriber.execute({ subscriberId: 5, actor: 'ops-console' });
    expect(reactivated).toMatchObject({ status: 'active', consecutiveSoftBounces: 0, statusChangedAt: now });
    expect(addresses.stateOf('x@example.com')).toMatchObject({ status: 'active', consecutiveSoftBounces: 0 });
    expect(log.entries.map(({ change }) => [change.previousStatus, change.status])).toEqual([['bounced', 'active']]);
  });

  it('resets the run of soft bounces of an active subscriber without recording a status change', async () => {
    const changedAt = new Date('2025-12-24T00:00:00Z');
    subscribers.withSubscriber(aSubscriber({ id: 5, status: 'active', consecutiveSoftBounces: 2, statusChangedAt: changedAt }));
    const reactivated = await reactivateSubscriber.execute({ subscriberId: 5, actor: 'ops-console' });
    expect(reactivated).toMatchObject({ status: 'active', consecutiveSoftBounces: 0, statusChangedAt: changedAt });
    expect((await subscribers.findById(5))?.consecutiveSoftBounces).toBe(0);
    expect(log.entries).toEqual([]);
    expect(published).toEqual([]);
  });

  it('fails with not found for an unknown id, and changes nothing', async () => {
    await expect(reactivateSubscriber.execute({ subscriberId: 404, actor: 'ops-console' })).rejects.toThrow(SubscriberNotFoundError);
    expect(log.entries).toEqual([]);
    expect(published).toEqual([]);
  });

  it('appends subscriber.status_changed and suppression.removed in the transaction', async () => {
    subscribers.withSubscriber(aSubscriber({ id: 5, email: 'x@example.com', status: 'bounced' }));
    await reactivateSubscriber.execute({ subscriberId: 5, actor: 'ops-console' });
    expect(outbox.events.map((event) => event.type)).toEqual(['subscriber.status_changed', 'suppression.removed']);
    expect(outbox.events[0].data).toMatchObject({
      email: 'x@example.com',
      subscriber_id: 5,
      previous_status: 'bounced',
      status: 'active',
      reason: 'reactivation',
    });
    expect(outbox.appendedOutsideTransaction).toBe(0);
  });

  it('appends nothing when the subscriber is active already', async () => {
    subscribers.withSubscriber(aSubscriber({ id: 5, status: 'active' }));
    await reactivateSubscriber.execute({ subscriberId: 5, actor: 'ops-console' });
    expect(outbox.events).toEqual([]);
  });
});
