import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { freePort, killBuiltServers, startBuiltServer } from './support/built-server';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { createTestDatabase, EMPTY_DATA_TABLES, type TestDatabase } from './support/test-database';

jest.setTimeout(180_000);

const AUTH = { Authorization: `Bearer ${TEST_API_KEY}` };
const TRUNCATE_OUTBOUND = 'truncate webhook_delivery_attempts, webhook_deliveries, outbox_events, webhook_endpoints restart identity cascade';

interface Delivered {
  readonly id: string;
  readonly payload: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A receiver on 127.0.0.1 that verifies every request with `standardwebhooks` and the secret it
 * is given (`secret`), and answers as `answer` says: a status, or null to never answer.
 */
async function startReceiver() {
  const state = {
    secret: '',
    answer: (() => 200) as (request: number) => number | null,
    requests: 0,
    delivered: [] as Delivered[],
    unverified: 0,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.requests += 1;
      const status = state.answer(state.requests);
      if (status === null) return; // hangs
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      let payload: Delivered['payload'];
      try {
        payload = new Webhook(state.secret).verify(Buffer.concat(chunks).toString('utf8'), headers) as Delivered['payload'];
      } catch {
        state.unverified += 1;
        res.writeHead(401).end();
        return;
      }
      if (status >= 200 && status < 300) state.delivered.push({ id: headers['webhook-id'], payload });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits for `condition`, looking every 50 ms, failing after `ms` with `what`. */
async function eventually(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('outbound webhooks delivered (e2e)', () => {
  let testApp: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const api = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const register = async (events: string[]): Promise<number> => {
    const created = await api().post('/api/v1/webhook-endpoints').set(AUTH).send({ url: receiver.url, events }).expect(201);
    receiver.state.secret = created.body.data.secret;
    return created.body.data.id;
  };
  /** `outbound_webhook_delivery_failures_total{outcome="retried"}` as `GET /metrics` shows it (0 before the first failure). */
  const retriedFailures = async (): Promise<number> => {
    const { text } = await api().get('/metrics').expect(200);
    const line = text.split('\n').find((candidate) => candidate.startsWith('outbound_webhook_delivery_failures_total{outcome="retried"}'));
    return line === undefined ? 0 : Number(line.split(' ')[1]);
  };
  const deliveries = (endpointId: number, query = '') => api().get(`/api/v1/webhook-endpoints/${endpointId}/deliveries${query}`).set(AUTH);

  beforeAll(async () => {
    receiver = await startReceiver();
    testApp = await createTestApp({ OUTBOUND_WEBHOOKS_WORKER: 'true', OUTBOUND_WEBHOOKS_ALLOW_INSECURE: 'true' });
  });

  afterAll(async () => {
    await testApp.close();
    await receiver.close();
  });

  beforeEach(async () => {
    await sql(`${EMPTY_DATA_TABLES}; ${TRUNCATE_OUTBOUND}`);
    receiver.state.delivered = [];
    receiver.state.requests = 0;
    receiver.state.unverified = 0;
    receiver.state.answer = () => 200;
  });

  it('POSTs a recorded bounce to its endpoint, signed, and logs the delivery', async () => {
    const endpointId = await register(['bounce.recorded']);

    await api().post('/api/v1/bounces').set(AUTH).send({ email: 'gone@example.com', bounce_type: 'hard' }).expect(201);
    await eventually(() => receiver.state.delivered.length === 1, 10_000, 'the bounce delivered');

    const [delivered] = receiver.state.delivered;
    expect(receiver.state.unverified).toBe(0);
    expect(delivered.payload).toMatchObject({ type: 'bounce.recorded', data: expect.objectContaining({ email: 'gone@example.com' }) });
    expect(delivered.payload.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    await eventually(async () => (await deliveries(endpointId)).body.data.deliveries[0]?.status === 'delivered', 10_000, 'the delivery recorded');
    const log = await deliveries(endpointId).expect(200);
    expect(log.body).toEqual({
      success: true,
      data: {
        deliveries: [
          {
            id: Number(delivered.id),
            event_id: expect.any(Number),
            event_type: 'bounce.recorded',
            status: 'delivered',
            attempts: 1,
            last_status_code: 200,
            last_error: null,
            last_latency_ms: expect.any(Number),
            next_attempt_at: null,
            delivered_at: expect.stringMatching(/Z$/),
            created_at: expect.stringMatching(/Z$/),
          },
        ],
        total: 1,
        limit: 20,
        offset: 0,
      },
    });
  });

  it('sends an endpoint registered after reports came in with none the next report at once, and none of the earlier ones', async () => {
    await api().post('/api/v1/bounces').set(AUTH).send({ email: 'before@example.com', bounce_type: 'hard' }).expect(201);
    await register(['bounce.recorded']);

    await api().post('/api/v1/bounces').set(AUTH).send({ email: 'after@example.com', bounce_type: 'hard' }).expect(201);
    await eventually(() => receiver.state.delivered.length === 1, 10_000, 'the later bounce delivered');
    expect(await sql(`select payload->>'email' as "email" from outbox_events order by id`)).toEqual([{ email: 'after@example.com' }]);
    expect(receiver.state.delivered.map((delivered) => delivered.payload.data.email)).toEqual(['after@example.com']);
  });

  it('retries a failing receiver with the same webhook-id until it answers 2xx, the log saying so', async () => {
    receiver.state.answer = (n) => (n <= 1 ? 500 : 200);
    const endpointId = await register(['bounce.recorded']);
    const retriedBefore = await retriedFailures();

    await api().post('/api/v1/bounces').set(AUTH).send({ email: 'retry@example.com', bounce_type: 'hard' }).expect(201);
    // The first retry waits up to 5 s (full jitter).
    await eventually(() => receiver.state.delivered.length === 1, 20_000, 'delivered on a retry');
    await eventually(async () => (await deliveries(endpointId)).body.data.deliveries[0]?.status === 'delivered', 10_000, 'the delivery recorded');

    const [entry] = (await deliveries(endpointId)).body.data.deliveries;
    expect(entry).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200 });
    expect(receiver.state.requests).toBe(2);
    expect(await retriedFailures()).toBe(retriedBefore + 1);
  });

  it('filters the log by status with the exact total, and refuses an unknown status naming it', async () => {
    const endpointId = await register(['bounce.recorded']);
    await api().post('/api/v1/bounces').set(AUTH).send({ email: 'a@example.com', bounce_type: 'hard' }).expect(201);
    await eventually(async () => (await deliveries(endpointId, '?status=delivered')).body.data.total === 1, 10_000, 'delivered');

    expect((await deliveries(endpointId, '?status=pending,dead').expect(200)).body.data).toEqual({ deliveries: [], total: 0, limit: 20, offset: 0 });
    const refused = await deliveries(endpointId, '?status=lost').expect(400);
    expect(refused.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(refused.body.error)).toContain('status');
  });

  it('answers 404 for an unknown endpoint or delivery', async () => {
    const endpointId = await register(['bounce.recorded']);
    await deliveries(999).expect(404);
    await api().post(`/api/v1/webhook-endpoints/${endpointId}/deliveries/999/retry`).set(AUTH).expect(404);
    await api().post(`/api/v1/webhook-endpoints/999/deliveries/1/retry`).set(AUTH).expect(404);
    await api().post(`/api/v1/webhook-endpoints/${endpointId}/deliveries/x/retry`).set(AUTH).expect(400);
  });

  it('revives a dead delivery on retry: 202, sent again at once with its webhook-id', async () => {
    const endpointId = await register(['bounce.recorded']);
    await api().post('/api/v1/bounces').set(AUTH).send({ email: 'late@example.com', bounce_type: 'hard' }).expect(201);
    await eventually(() => receiver.state.delivered.length === 1, 10_000, 'delivered');
    await eventually(async () => (await deliveries(endpointId)).body.data.deliveries[0]?.status === 'delivered', 10_000, 'recorded');
    await sql(`update webhook_deliveries set status = 'dead'`);
    const [{ id }] = await sql<{ id: string }>('select id from webhook_deliveries');

    const retried = await api().post(`/api/v1/webhook-endpoints/${endpointId}/deliveries/${id}/retry`).set(AUTH).expect(202);

    expect(retried.body).toEqual({ success: true, data: { id: Number(id), status: 'pending' } });
    await eventually(() => receiver.state.delivered.length === 2, 10_000, 'sent again');
    expect(receiver.state.delivered.map((one) => one.id)).toEqual([id, id]);
  });

  it('needs the webhooks permission', async () => {
    await request(testApp.app.getHttpServer()).get('/api/v1/webhook-endpoints/1/deliveries').expect(401);
  });
});

describe('outbound webhooks across a crash of the built server (e2e)', () => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await killBuiltServers();
    await receiver?.close();
    await database?.drop();
  });

  it('delivers every event of the outbox after the server is SIGKILLed with deliveries in flight and started again', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: database.url, BOOTSTRAP_API_KEY: TEST_API_KEY, OUTBOUND_WEBHOOKS_ALLOW_INSECURE: 'true', LOG_LEVEL: 'warn' };
    const first = await startBuiltServer({ port, env, readyTimeoutMs: 120_000 });
    receiver.state.answer = () => null; // the receiver hangs: the first deliveries stay in flight
    const created = await request(first.url)
      .post('/api/v1/webhook-endpoints')
      .set(AUTH)
      .send({ url: receiver.url, events: ['bounce.recorded'] })
      .expect(201);
    receiver.state.secret = created.body.data.secret;
    const EVENTS = 30;
    for (let i = 0; i < EVENTS; i += 1) {
      await request(first.url)
        .post('/api/v1/bounces')
        .set(AUTH)
        .send({ email: `crash${i}@example.com`, bounce_type: 'hard' })
        .expect(201);
    }
    await eventually(() => receiver.state.requests >= 1, 20_000, 'a delivery in flight');

    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    receiver.state.answer = () => 200;
    await startBuiltServer({ port, env, readyTimeoutMs: 120_000 });

    // Those claimed by the killed server are claimed again once their lease (15 s) ends.
    await eventually(() => new Set(receiver.state.delivered.map((one) => one.id)).size === EVENTS, 90_000, `all ${EVENTS} delivered`);
    const emails = new Set(receiver.state.delivered.map((one) => one.payload.data.email));
    expect(emails.size).toBe(EVENTS);
    expect(receiver.state.unverified).toBe(0);
  });
});
