import { InMemoryOutbox, ManualTableChanges } from '../../../testing';
import type { OutboundEvent, OutboundEventType } from '../../domain/outbound-event';
import { OutboxSubscriptions, SubscribedTypesOutbox } from './subscribed-types-outbox.adapter';

const event = (type: OutboundEventType, id: number): OutboundEvent => ({ type, occurredAt: new Date('2026-12-04T12:00:00Z'), data: { id } });

describe('SubscribedTypesOutbox', () => {
  let subscribed: OutboundEventType[];
  let reads: number;
  let changes: ManualTableChanges;
  let stored: InMemoryOutbox;
  let appends: number;
  let subscriptions: OutboxSubscriptions;
  let outbox: SubscribedTypesOutbox;

  beforeEach(() => {
    subscribed = [];
    reads = 0;
    changes = new ManualTableChanges();
    stored = new InMemoryOutbox();
    appends = 0;
    const append = stored.append.bind(stored);
    jest.spyOn(stored, 'append').mockImplementation((events) => {
      appends += 1;
      return append(events);
    });
    subscriptions = new OutboxSubscriptions(async () => {
      reads += 1;
      return [...subscribed];
    }, changes);
    outbox = new SubscribedTypesOutbox(stored, subscriptions);
  });

  it('writes nothing, not even a statement, while no endpoint subscribes to the events, reading the subscriptions once', async () => {
    await outbox.append([event('bounce.recorded', 1), event('subscriber.status_changed', 1)]);
    await outbox.append([event('bounce.recorded', 2)]);
    expect([appends, reads]).toEqual([0, 1]);
  });

  it('passes on the events of the subscribed types only, in their order', async () => {
    subscribed = ['bounce.recorded', 'suppression.added'];
    await outbox.append([event('bounce.recorded', 1), event('subscriber.status_changed', 1), event('suppression.added', 1), event('bounce.recorded', 2)]);
    expect(stored.events.map((e) => [e.type, e.data.id])).toEqual([
      ['bounce.recorded', 1],
      ['suppression.added', 1],
      ['bounce.recorded', 2],
    ]);
  });

  it('reads the subscriptions again once the database told that webhook_endpoints changed, and not for another table', async () => {
    await outbox.append([event('bounce.recorded', 1)]);
    subscribed = ['bounce.recorded'];
    changes.change('allowlist_entries');
    await outbox.append([event('bounce.recorded', 2)]);
    expect(stored.events).toEqual([]);
    changes.change('webhook_endpoints');
    await outbox.append([event('bounce.recorded', 3)]);
    expect(stored.events.map((e) => e.data.id)).toEqual([3]);
    expect(reads).toBe(2);
  });

  it("sees this process's own change of endpoints as soon as it is made, without waiting for the database's notice", async () => {
    await outbox.append([event('bounce.recorded', 1)]);
    await subscriptions.changing(async () => {
      subscribed = ['bounce.recorded'];
    });
    await outbox.append([event('bounce.recorded', 2)]);
    expect(stored.events.map((e) => e.data.id)).toEqual([2]);
  });

  it('does not keep a read that was under way when a change was told', async () => {
    let release!: () => void;
    subscriptions = new OutboxSubscriptions(async () => {
      reads += 1;
      const read = [...subscribed];
      if (reads === 1) await new Promise<void>((resolve) => (release = resolve));
      return read;
    }, changes);
    outbox = new SubscribedTypesOutbox(stored, subscriptions);
    const slow = outbox.append([event('bounce.recorded', 1)]);
    await new Promise((resolve) => setImmediate(resolve));
    subscribed = ['bounce.recorded'];
    changes.change('webhook_endpoints');
    release();
    await slow;
    await outbox.append([event('bounce.recorded', 2)]);
    expect(stored.events.map((e) => e.data.id)).toEqual([2]);
  });

  it('passes every event on, for the database to choose, while the notices are not heard', async () => {
    changes.listening = false;
    await outbox.append([event('bounce.recorded', 1)]);
    await outbox.append([event('alert.triggered', 2)]);
    expect([appends, reads, stored.events.length]).toEqual([2, 0, 2]);
  });

  it('appends nothing for no events', async () => {
    await outbox.append([]);
    expect([appends, reads]).toEqual([0, 0]);
  });
});
