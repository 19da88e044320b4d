import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { PostgresOutbox } from '../../../shared/adapters/persistence/postgres-outbox.adapter';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import type { OutboundEvent } from '../../../shared/domain/outbound-event';
import { FixedClock } from '../../../testing/fixed-clock';
import type { DeliveryAttempt } from '../../application/ports/webhook-delivery-queue.port';
import { DeliverOutboundEvents } from '../../application/deliver-outbound-events.use-case';
import { DEFAULT_DELIVERY_SCHEDULE } from '../../domain/delivery-schedule';
import { HttpWebhookSender } from './http-webhook-sender.adapter';
import { OutboundWebhookWorker } from './outbound-webhook-worker';
import { PostgresWebhookDeliveryQueue } from './postgres-webhook-delivery-queue.adapter';

const SECRET = `whsec_${Buffer.from('thirty-two bytes of test secret.').toString('base64')}`;
const eventAt = new Date('2026-01-10T12:00:00Z');

/** A receiver on 127.0.0.1 that verifies each request's signature and answers as `status` says. */
async function receiver(status: (count: number) => number) {
  const ids: string[] = [];
  const bodies: unknown[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      try {
        bodies.push(new Webhook(SECRET).verify(Buffer.concat(chunks).toString('utf8'), headers));
      } catch {
        response.writeHead(401).end();
        return;
      }
      ids.push(headers['webhook-id']);
      response.writeHead(status(ids.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    ids,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhook deliveries on PostgreSQL', () => {
  let db: TestOrm;
  let receivers: { close: () => Promise<void> }[] = [];
  const senders: HttpWebhookSender[] = [];

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 10 });
  });
  afterAll(async () => {
    for (const sender of senders) sender.close();
    await db.close();
  });
  beforeEach(async () => {
    await db.sql('truncate webhook_delivery_attempts, webhook_deliveries, outbox_events, webhook_endpoints restart identity cascade');
  });
  afterEach(async () => {
    for (const server of receivers) await server.close();
    receivers = [];
  });

  const started = async (status: (count: number) => number) => {
    const server = await receiver(status);
    receivers.push(server);
    return server;
  };
  const endpoint = async (url: string): Promise<string> => {
    const [row] = await db.sql<{ id: string }>(
      `insert into webhook_endpoints (url, events, secret, created_at) values (?, '{bounce.recorded}', ?, now()) returning id`,
      [url, SECRET],
    );
    return row.id;
  };
  const events = async (endpointId: string, count: number): Promise<void> => {
    await db.sql(
      `with e as (
         insert into outbox_events (type, occurred_at, payload)
         select 'bounce.recorded', ?, jsonb_build_object('bounce_id', n) from generate_series(1, ?) n returning id
       )
       insert into webhook_deliveries (event_id, endpoint_id, next_attempt_at) select id, ?, ? from e`,
      [eventAt, count, endpointId, eventAt],
    );
  };
  const deliverer = (clock: FixedClock) => {
    const sender = new HttpWebhookSender({ now: () => new Date() }, { allowInsecure: true });
    senders.push(sender);
    return new DeliverOutboundEvents(new PostgresWebhookDeliveryQueue(db.orm.em), sender, clock, {
      schedule: DEFAULT_DELIVERY_SCHEDULE,
      leaseMs: 15_000,
      perEndpoint: 100,
      random: () => 0.5,
    });
  };

  it('delivers on the third attempt to a receiver that fails twice, the attempts logged, the signature verified each time', async () => {
    const server = await started((count) => (count <= 2 ? 503 : 200));
    await events(await endpoint(server.url), 1);
    const clock = new FixedClock(eventAt);
    const deliver = deliverer(clock);

    expect(await deliver.deliverDue(8)).toEqual([{ status: 'pending', nextAttemptAt: new Date(eventAt.getTime() + 2_500) }]);
    expect(await deliver.deliverDue(8)).toEqual([]);
    clock.current = new Date(eventAt.getTime() + 2_500);
    expect(await deliver.deliverDue(8)).toEqual([{ status: 'pending', nextAttemptAt: new Date(eventAt.getTime() + 7_500) }]);
    clock.current = new Date(eventAt.getTime() + 7_500);
    expect(await deliver.deliverDue(8)).toEqual([{ status: 'delivered' }]);

    expect(server.ids).toEqual(['1', '1', '1']);
    expect(server.bodies[2]).toEqual({ type: 'bounce.recorded', timestamp: '2026-01-10T12:00:00.000Z', data: { bounce_id: 1 } });
    const attempts = await db.sql<{ attempt: number; status_code: number }>('select attempt, status_code from webhook_delivery_attempts order by attempt');
    expect(attempts).toEqual([
      { attempt: 1, status_code: 503 },
      { attempt: 2, status_code: 503 },
      { attempt: 3, status_code: 200 },
    ]);
    const [delivery] = await db.sql<{ status: string; attempts: number; last_status_code: number }>(
      'select status, attempts, last_status_code from webhook_deliveries',
    );
    expect(delivery).toEqual({ status: 'delivered', attempts: 3, last_status_code: 200 });
  });

  it('claims a delivery again once the lease of a worker that never recorded it has run out', async () => {
    const server = await started(() => 200);
    await events(await endpoint(server.url), 1);
    const clock = new FixedClock(eventAt);
    const deliver = deliverer(clock);

    expect(await deliver.claim(8)).toHaveLength(1); // and the worker dies
    expect(await deliver.claim(8)).toHaveLength(0);
    clock.current = new Date(eventAt.getTime() + 15_000);
    const [again] = await deliver.claim(8);
    expect(again).toMatchObject({ id: '1', attempts: 0 });
  });

  it('two workers racing over one database attempt each delivery once', async () => {
    const server = await started(() => 200);
    await events(await endpoint(server.url), 200);
    const clock = new FixedClock(eventAt);
    const [first, second] = [deliverer(clock), deliverer(clock)];

    const rounds = async (deliver: DeliverOutboundEvents) => {
      for (let taken = await deliver.deliverDue(8); taken.length > 0; taken = await deliver.deliverDue(8));
    };
    await Promise.all([rounds(first), rounds(second), rounds(first), rounds(second)]);

    expect(server.ids).toHaveLength(200);
    expect(new Set(server.ids).size).toBe(200);
    const [counts] = await db.sql<{ delivered: string; attempts: string }>(
      `select count(*) filter (where status = 'delivered') as delivered, (select count(*) from webhook_delivery_attempts) as attempts from webhook_deliveries`,
    );
    expect(counts).toEqual({ delivered: '200', attempts: '200' });
  });

  it('two running workers, 8 in flight each, deliver each of 300 events once', async () => {
    const server = await started(() => 200);
    for (let n = 0; n < 3; n += 1) await events(await endpoint(`${server.url}/${n}`), 100);
    const clock = new FixedClock(eventAt);
    const workers = [new OutboundWebhookWorker(deliverer(clock)), new OutboundWebhookWorker(deliverer(clock))];

    workers.forEach((worker) => worker.start());
    const delivered = async () => (await db.sql<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status = 'delivered'`))[0].n;
    while ((await delivered()) < 300) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(workers.map((worker) => worker.stop()));

    expect(server.ids).toHaveLength(300);
    expect(new Set(server.ids).size).toBe(300);
    expect(await db.sql('select count(*)::int as n from webhook_delivery_attempts')).toEqual([{ n: 300 }]);
  });

  describe('dispatch', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const event = (type: OutboundEvent['type'], data: Record<string, unknown> = {}): OutboundEvent => ({ type, occurredAt: at, data });
    const subscribed = async (events: string[]): Promise<string> => {
      const [row] = await db.sql<{ id: string }>(
        `insert into webhook_endpoints (url, events, secret, created_at) values ('https://hooks.example.com', ?::text[], ?, now()) returning id`,
        [`{${events.join(',')}}`, SECRET],
      );
      return row.id;
    };
    const append = (events: OutboundEvent[]) => new PostgresTransactionRunner(db.orm.em).run(() => new PostgresOutbox(db.orm.em).append(events));
    const deliveries = () =>
      db.sql<{ type: string; endpoint_id: string; status: string; attempts: number; due: boolean }>(
        `select e.type, d.endpoint_id, d.status, d.attempts, d.next_attempt_at <= now() as due
           from webhook_deliveries d join outbox_events e on e.id = d.event_id order by d.event_id, d.endpoint_id`,
      );

    it('writes one pending delivery, due at once, per endpoint subscribed to the event, none to a deleted one, and marks the events dispatched', async () => {
      const bouncesOnly = await subscribed(['bounce.recorded']);
      const both = await subscribed(['bounce.recorded', 'suppression.added']);
      const deleted = await subscribed(['bounce.recorded', 'suppression.added']);
      await append([event('bounce.recorded'), event('suppression.added')]);
      await db.sql('update webhook_endpoints set deleted_at = now() where id = ?', [deleted]);

      expect(await new PostgresWebhookDeliveryQueue(db.orm.em).dispatch(500)).toBe(2);

      expect(await deliveries()).toEqual([
        { type: 'bounce.recorded', endpoint_id: bouncesOnly, status: 'pending', attempts: 0, due: true },
        { type: 'bounce.recorded', endpoint_id: both, status: 'pending', attempts: 0, due: true },
        { type: 'suppression.added', endpoint_id: both, status: 'pending', attempts: 0, due: true },
      ]);
      expect(await db.sql('select count(*)::int as n from outbox_events where dispatched_at is null')).toEqual([{ n: 0 }]);
      expect(await new PostgresWebhookDeliveryQueue(db.orm.em).dispatch(500)).toBe(0);
    });

    it('gives an endpoint registered after an event was written none of it, even when the event is dispatched later', async () => {
      await subscribed(['bounce.recorded']);
      await append([event('bounce.recorded', { n: 1 })]);
      const later = await subscribed(['bounce.recorded']);
      await append([event('bounce.recorded', { n: 2 })]);

      await new PostgresWebhookDeliveryQueue(db.orm.em).dispatch(500);

      expect((await deliveries()).filter((delivery) => delivery.endpoint_id === later)).toHaveLength(1);
      expect(await deliveries()).toHaveLength(3);
    });

    it('dispatches the oldest events first, `limit` at a time', async () => {
      const endpointId = await subscribed(['bounce.recorded']);
      await append([event('bounce.recorded'), event('bounce.recorded'), event('bounce.recorded')]);
      const queue = new PostgresWebhookDeliveryQueue(db.orm.em);

      expect(await queue.dispatch(2)).toBe(2);
      expect(await db.sql('select id from outbox_events where dispatched_at is null')).toEqual([{ id: '3' }]);
      expect(await queue.dispatch(2)).toBe(1);
      expect(await db.sql('select event_id from webhook_deliveries where endpoint_id = ? order by event_id', [endpointId])).toEqual([
        { event_id: '1' },
        { event_id: '2' },
        { event_id: '3' },
      ]);
    });

    it('two workers dispatching at once give each event its deliveries once', async () => {
      await subscribed(['bounce.recorded']);
      await subscribed(['bounce.recorded']);
      for (let n = 0; n < 20; n += 1) await append(Array.from({ length: 10 }, () => event('bounce.recorded')));
      const [first, second] = [new PostgresWebhookDeliveryQueue(db.orm.em), new PostgresWebhookDeliveryQueue(db.orm.em)];
      const drain = async (queue: PostgresWebhookDeliveryQueue) => {
        let total = 0;
        for (let taken = await queue.dispatch(7); taken > 0; taken = await queue.dispatch(7)) total += taken;
        return total;
      };

      const [a, b] = await Promise.all([drain(first), drain(second)]);

      expect(a + b).toBe(200);
      expect(await db.sql('select count(*)::int as n, count(distinct (event_id, endpoint_id))::int as distinct from webhook_deliveries')).toEqual([
        { n: 400, distinct: 400 },
      ]);
    });

    it('gives an event written with its deliveries, before dispatch existed, none more', async () => {
      const endpointId = await subscribed(['bounce.recorded']);
      await events(endpointId, 1);
      await db.sql('update outbox_events set last_endpoint_id = ?', [endpointId]);

      expect(await new PostgresWebhookDeliveryQueue(db.orm.em).dispatch(500)).toBe(1);
      expect(await db.sql('select count(*)::int as n from webhook_deliveries')).toEqual([{ n: 1 }]);
    });
  });

  describe('record', () => {
    const attemptOf = (deliveryId: string, fields: Partial<DeliveryAttempt> = {}): DeliveryAttempt => ({
      deliveryId,
      attempt: 1,
      startedAt: eventAt,
      result: { outcome: 'delivered', statusCode: 200, latencyMs: 12 },
      outcome: { status: 'delivered' },
      ...fields,
    });

    it('records a batch of attempts in one call: each logged, each delivery given its outcome', async () => {
      await events(await endpoint('http://127.0.0.1:9/hooks'), 3);
      const queue = new PostgresWebhookDeliveryQueue(db.orm.em);
      const retryAt = new Date(eventAt.getTime() + 2_500);

      await queue.record([
        attemptOf('1'),
        attemptOf('2', {
          result: { outcome: 'failed', statusCode: 503, latencyMs: 40, error: 'Answered 503' },
          outcome: { status: 'pending', nextAttemptAt: retryAt },
        }),
        attemptOf('3', { attempt: 26, result: { outcome: 'failed', statusCode: null, latencyMs: 10_000, error: 'timeout' }, outcome: { status: 'dead' } }),
      ]);

      expect(
        await db.sql(
          'select id, status, attempts, next_attempt_at = ?::timestamptz as next_kept, last_status_code, last_error, last_latency_ms, delivered_at is not null as delivered from webhook_deliveries order by id',
          [eventAt],
        ),
      ).toEqual([
        { id: '1', status: 'delivered', attempts: 1, next_kept: true, last_status_code: 200, last_error: null, last_latency_ms: 12, delivered: true },
        { id: '2', status: 'pending', attempts: 1, next_kept: false, last_status_code: 503, last_error: 'Answered 503', last_latency_ms: 40, delivered: false },
        { id: '3', status: 'dead', attempts: 26, next_kept: true, last_status_code: null, last_error: 'timeout', last_latency_ms: 10_000, delivered: false },
      ]);
      expect(await db.sql('select delivery_id, attempt, status_code, error from webhook_delivery_attempts order by delivery_id')).toEqual([
        { delivery_id: '1', attempt: 1, status_code: 200, error: null },
        { delivery_id: '2', attempt: 1, status_code: 503, error: 'Answered 503' },
        { delivery_id: '3', attempt: 26, status_code: null, error: 'timeout' },
      ]);
      expect(await db.sql('select next_attempt_at = ?::timestamptz as retried from webhook_deliveries where id = 2', [retryAt])).toEqual([{ retried: true }]);
    });

    it('logs an attempt recorded twice once, and leaves a delivery cancelled meanwhile cancelled', async () => {
      await events(await endpoint('http://127.0.0.1:9/hooks'), 2);
      const queue = new PostgresWebhookDeliveryQueue(db.orm.em);
      await queue.record([attemptOf('1')]);
      await db.sql(`update webhook_deliveries set status = 'pending' where id = 1`);
      await db.sql(`update webhook_deliveries set status = 'cancelled' where id = 2`);

      await queue.record([attemptOf('1', { result: { outcome: 'failed', statusCode: 500, latencyMs: 1, error: 'late' } }), attemptOf('2')]);

      expect(await db.sql('select id, status, last_error from webhook_deliveries order by id')).toEqual([
        { id: '1', status: 'pending', last_error: null },
        { id: '2', status: 'cancelled', last_error: null },
      ]);
      expect(await db.sql('select delivery_id, attempt, status_code from webhook_delivery_attempts order by delivery_id')).toEqual([
        { delivery_id: '1', attempt: 1, status_code: 200 },
        { delivery_id: '2', attempt: 1, status_code: 200 },
      ]);
    });
  });

  it('two running workers dispatch and deliver each of 300 events appended by ingestion once', async () => {
    const server = await started(() => 200);
    for (let n = 0; n < 3; n += 1) await endpoint(`${server.url}/${n}`);
    const outbox = new PostgresOutbox(db.orm.em);
    const transactions = new PostgresTransactionRunner(db.orm.em);
    for (let n = 0; n < 10; n += 1)
      await transactions.run(() =>
        outbox.append(Array.from({ length: 10 }, (_, i) => ({ type: 'bounce.recorded' as const, occurredAt: eventAt, data: { n: n * 10 + i } }))),
      );
    // The deliveries are due from the time their events were written, by the database's clock.
    const clock = new FixedClock(new Date(Date.now() + 60_000));
    const workers = [new OutboundWebhookWorker(deliverer(clock)), new OutboundWebhookWorker(deliverer(clock))];

    workers.forEach((worker) => worker.start());
    const delivered = async () => (await db.sql<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status = 'delivered'`))[0].n;
    while ((await delivered()) < 300) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(workers.map((worker) => worker.stop()));

    expect(server.ids).toHaveLength(300);
    expect(new Set(server.ids).size).toBe(300);
    expect(await db.sql('select count(*)::int as n from webhook_delivery_attempts')).toEqual([{ n: 300 }]);
  });

  it('takes no more of one endpoint than its share less what the worker has in flight', async () => {
    const slow = await endpoint('http://127.0.0.1:9/slow');
    const other = await endpoint('http://127.0.0.1:9/other');
    await events(slow, 10);
    await events(other, 1);
    const queue = new PostgresWebhookDeliveryQueue(db.orm.em);

    const claimed = await queue.claimDue({ now: eventAt, leaseUntil: new Date(eventAt.getTime() + 15_000), limit: 8, perEndpoint: 2, inFlight: new Map() });

    expect(claimed.map((due) => due.endpointId).sort()).toEqual([slow, slow, other].sort());
    const none = await queue.claimDue({
      now: eventAt,
      leaseUntil: new Date(eventAt.getTime() + 15_000),
      limit: 8,
      perEndpoint: 2,
      inFlight: new Map([[slow, 2]]),
    });
    expect(none).toEqual([]);
  });
});
