import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { FixedClock } from '../../../testing/fixed-clock';
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
