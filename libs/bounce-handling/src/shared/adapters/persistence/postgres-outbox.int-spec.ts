import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { EMPTY_DATA_TABLES } from '../../../../../../test/support/test-database';
import { BounceHandlingRules } from '../../../bounces/application/bounce-handling-rules';
import { IngestDeliveryEvents } from '../../../bounces/application/ingest-delivery-events.use-case';
import { PostgresBounceRepository } from '../../../bounces/adapters/persistence/postgres-bounce-repository.adapter';
import { aHardBounce, InMemoryAllowList, RecordingDeliveryStatistics, RecordingIngestionMetrics, RecordingStatusChangeNotifier } from '../../../testing';
import type { OutboundEvent } from '../../domain/outbound-event';
import { EmailAddress } from '../../domain/email-address';
import { SystemClock } from '../system-clock.adapter';
import { pgQuery } from './pg-query';
import { PostgresAddressStateRepository } from './postgres-address-state-repository.adapter';
import { PostgresOutbox } from './postgres-outbox.adapter';
import { PostgresStatusChangeLog } from './postgres-status-change-log.adapter';
import { PostgresTransactionRunner } from './postgres-transaction-runner.adapter';

describe('PostgresOutbox on PostgreSQL', () => {
  let db: TestOrm;
  let outbox: PostgresOutbox;
  let transactions: PostgresTransactionRunner;
  const at = new Date('2026-03-01T10:00:00Z');
  const event = (type: OutboundEvent['type'], data: Record<string, unknown> = {}): OutboundEvent => ({ type, occurredAt: at, data });

  const endpoint = async (events: string[], deleted = false): Promise<number> => {
    const [row] = await db.sql<{ id: string }>(
      `insert into webhook_endpoints (url, events, secret, created_at, deleted_at) values ('https://hooks.example.com', ?::text[], 'whsec_x', now(), ?) returning id`,
      [`{${events.join(',')}}`, deleted ? at : null],
    );
    return Number(row.id);
  };
  const storedEvents = () => db.sql<{ id: string; type: string; payload: unknown }>('select id, type, payload from outbox_events order by id');
  const deliveries = () =>
    db.sql<{ type: string; endpoint_id: string; status: string; attempts: number }>(
      'select e.type, d.endpoint_id, d.status, d.attempts from webhook_deliveries d join outbox_events e on e.id = d.event_id order by d.event_id, d.endpoint_id',
    );

  beforeAll(async () => {
    db = await openTestOrm();
    outbox = new PostgresOutbox(db.orm.em);
    transactions = new PostgresTransactionRunner(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql(EMPTY_DATA_TABLES);
    await db.sql('truncate webhook_delivery_attempts, webhook_deliveries, outbox_events, webhook_endpoints restart identity cascade');
  });

  afterAll(async () => {
    await db.close();
  });

  it('stores nothing when no endpoint is registered', async () => {
    await transactions.run(() => outbox.append([event('bounce.recorded'), event('suppression.added')]));
    expect(await storedEvents()).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });

  it('stores the subscribed events in order, naming the last endpoint registered then, and no delivery: the worker dispatches them', async () => {
    await endpoint(['bounce.recorded']);
    const both = await endpoint(['bounce.recorded', 'suppression.added']);
    await endpoint(['bounce.recorded', 'suppression.added'], true);
    await transactions.run(() =>
      outbox.append([
        event('bounce.recorded', { id: 1 }),
        event('subscriber.status_changed', { email: 'a@example.com' }),
        event('suppression.added', { n: 2 }),
      ]),
    );
    expect(await db.sql('select type, payload, last_endpoint_id, dispatched_at from outbox_events order by id')).toEqual([
      { type: 'bounce.recorded', payload: { id: 1 }, last_endpoint_id: String(both), dispatched_at: null },
      { type: 'suppression.added', payload: { n: 2 }, last_endpoint_id: String(both), dispatched_at: null },
    ]);
    expect(await deliveries()).toEqual([]);
  });

  it('keeps the time the event occurred', async () => {
    await endpoint(['alert.triggered']);
    await transactions.run(() => outbox.append([event('alert.triggered', { campaign_id: 'c-1' })]));
    expect(await db.sql(`select occurred_at = ?::timestamptz as kept from outbox_events`, [at])).toEqual([{ kept: true }]);
  });

  it('leaves no event and no delivery when the transaction rolls back', async () => {
    await endpoint(['bounce.recorded']);
    await expect(
      transactions.run(async () => {
        await outbox.append([event('bounce.recorded')]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await storedEvents()).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });

  describe('with ingestion', () => {
    const ingest = () =>
      new IngestDeliveryEvents(
        transactions,
        new PostgresAddressStateRepository(db.orm.em),
        new PostgresBounceRepository(db.orm.em),
        new PostgresStatusChangeLog(db.orm.em),
        new RecordingStatusChangeNotifier(),
        new BounceHandlingRules(3),
        new SystemClock(),
        new InMemoryAllowList(),
        outbox,
        new RecordingDeliveryStatistics(),
        new RecordingIngestionMetrics(),
      );

    it('commits a bounce with its events: bounce.recorded naming the stored bounce, the change of status and the suppression', async () => {
      await endpoint(['bounce.recorded', 'subscriber.status_changed', 'suppression.added', 'suppression.removed']);
      const [outcome] = await ingest().execute([aHardBounce({ email: EmailAddress.parse('gone@example.com'), campaignId: 'c-9' })]);
      const bounceId = outcome.result === 'recorded' ? outcome.bounceId : null;
      const events = await storedEvents();
      expect(events.map((stored) => stored.type)).toEqual(['bounce.recorded', 'subscriber.status_changed', 'suppression.added']);
      expect(events[0].payload).toMatchObject({ id: bounceId, email: 'gone@example.com', bounce_type: 'hard', campaign_id: 'c-9', source: 'api' });
      expect(events[2].payload).toMatchObject({ email: 'gone@example.com', origin: 'bounce', bounce_id: bounceId });
    });

    it('leaves neither the bounce nor its event when the transaction that recorded them rolls back', async () => {
      await endpoint(['bounce.recorded']);
      await expect(
        transactions.run(async () => {
          await outbox.append([event('bounce.recorded', { id: 1 })]);
          await pgQuery(db.orm.em, `insert into bounces (email, bounce_type, source, created_at) values ('x@example.com', 'hard', 'api', now())`);
          throw new Error('failed before the commit');
        }),
      ).rejects.toThrow('failed before the commit');
      expect(await db.sql('select count(*)::int as n from bounces')).toEqual([{ n: 0 }]);
      expect(await storedEvents()).toEqual([]);
    });
  });
});
