import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { aMailgunSigningKey, signedMailgunJson } from './support/mailgun-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';

// Each app starts on a database of its own; under load that takes more than Jest's default 5 s.
jest.setTimeout(60_000);

const MAILGUN_FIXTURES = join(__dirname, '../libs/bounce-handling/src/webhooks/providers/mailgun/adapters/http/__fixtures__');
const mailgunEvent = (name: string): unknown =>
  (JSON.parse(readFileSync(join(MAILGUN_FIXTURES, `${name}.json`), 'utf8')) as { 'event-data': unknown })['event-data'];

/** One sample's value in a Prometheus text exposition, 0 when the series is not there yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('GET /metrics (e2e)', () => {
  const signingKey = aMailgunSigningKey();
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const scrape = async (): Promise<string> => {
    const response = await http().get('/metrics');
    expect(response.status).toBe(200);
    return response.text;
  };

  beforeAll(async () => {
    testApp = await createTestApp({ MAILGUN_WEBHOOK_SIGNING_KEY: signingKey });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('answers the Prometheus text format without a key, with the process metrics', async () => {
    const response = await http().get('/metrics');
    expect(response.status).toBe(200);
    // Express writes the charset first; the parameters' order means nothing.
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8; version=0.0.4');
    expect(response.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(response.text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('counts requests by method, route pattern and status, and times them', async () => {
    const labels = { method: 'GET', route: '/api/v1/bounces/:id', status: '404' };
    const before = await scrape();
    for (const id of [9_000_001, 9_000_002, 9_000_003]) {
      expect((await http().get(`/api/v1/bounces/${id}`).set('X-API-Key', TEST_API_KEY)).status).toBe(404);
    }
    const after = await scrape();
    expect(sample(after, 'http_requests_total', labels) - sample(before, 'http_requests_total', labels)).toBe(3);
    expect(sample(after, 'http_request_duration_seconds_count', labels) - sample(before, 'http_request_duration_seconds_count', labels)).toBe(3);
    expect(sample(after, 'http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(sample(after, 'http_requests_total', labels));
    // The pattern, never the URL: no series names an id.
    expect(after).not.toMatch(/route="[^"]*9000001/);
  });

  it('labels a request that no route answered "unmatched", whatever its URL', async () => {
    const labels = { method: 'GET', route: 'unmatched', status: '404' };
    const before = sample(await scrape(), 'http_requests_total', labels);
    await http().get('/no/such/page-1');
    await http().get('/no/such/page-2');
    const text = await scrape();
    expect(sample(text, 'http_requests_total', labels) - before).toBe(2);
    expect(text).not.toContain('page-1');
  });

  it('counts requests refused by a guard under their route', async () => {
    const labels = { method: 'GET', route: '/api/v1/bounces', status: '401' };
    const before = sample(await scrape(), 'http_requests_total', labels);
    expect((await http().get('/api/v1/bounces')).status).toBe(401);
    expect(sample(await scrape(), 'http_requests_total', labels) - before).toBe(1);
  });

  it('leaves its own scrapes out of the request metrics', async () => {
    await scrape();
    const text = await scrape();
    expect(text).not.toContain('route="/metrics"');
  });

  it("counts a provider's reports by source and outcome, and the suppression they caused by its reason", async () => {
    const before = await scrape();
    const body = signedMailgunJson(signingKey, mailgunEvent('json-failed-permanent-no-id'));
    const first = await http().post('/api/v1/webhooks/mailgun').set('Content-Type', 'application/json').send(JSON.stringify(body));
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ recorded: 1 });
    const again = await http().post('/api/v1/webhooks/mailgun').set('Content-Type', 'application/json').send(JSON.stringify(body));
    expect(again.body.data).toMatchObject({ duplicates: 1 });
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('bounce_reports_total', { source: 'mailgun', outcome: 'recorded' })).toBe(1);
    expect(moved('bounce_reports_total', { source: 'mailgun', outcome: 'duplicate' })).toBe(1);
    expect(moved('suppressions_total', { reason: 'hard-bounce' })).toBe(1);
    expect(moved('http_requests_total', { method: 'POST', route: '/api/v1/webhooks/mailgun', status: '200' })).toBe(2);
  });

  it('counts an operator’s suppression by its reason, and an API bounce by its source', async () => {
    const before = await scrape();
    const added = await http()
      .post('/api/v1/suppressions')
      .set('X-API-Key', TEST_API_KEY)
      .send({ entries: [{ email: 'someone@example.com', status: 'unsubscribed' }] });
    expect(added.status).toBe(200);
    const recorded = await http().post('/api/v1/bounces').set('X-API-Key', TEST_API_KEY).send({ email: 'other@example.com', bounce_type: 'soft' });
    expect(recorded.status).toBe(201);
    const after = await scrape();
    expect(sample(after, 'suppressions_total', { reason: 'manual' }) - sample(before, 'suppressions_total', { reason: 'manual' })).toBe(1);
    expect(
      sample(after, 'bounce_reports_total', { source: 'api', outcome: 'recorded' }) -
        sample(before, 'bounce_reports_total', { source: 'api', outcome: 'recorded' }),
    ).toBe(1);
  });

  it("shows the database pool's connections", async () => {
    const text = await scrape();
    expect(sample(text, 'db_pool_max_connections')).toBeGreaterThan(0);
    expect(sample(text, 'db_pool_connections')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE db_pool_idle_connections gauge');
    expect(text).toContain('# TYPE db_pool_waiting_requests gauge');
  });

  it('counts the outbound webhooks waiting to be delivered when scraped', async () => {
    await testApp.sql(
      `insert into webhook_endpoints (url, events, secret, created_at) values ('https://hooks.example.com/in', '{bounce.recorded}', 'whsec_x', now())`,
    );
    const [endpoint] = await testApp.sql<{ id: string }>(`select id from webhook_endpoints order by id desc limit 1`);
    await testApp.sql(`insert into outbox_events (type, occurred_at, payload) values ('bounce.recorded', now(), '{}'), ('bounce.recorded', now(), '{}')`);
    const before = sample(await scrape(), 'outbound_webhook_backlog');
    await testApp.sql(
      `insert into webhook_deliveries (event_id, endpoint_id, status, next_attempt_at)
       select id, ?, case when row_number() over (order by id) = 1 then 'pending' else 'delivered' end, now() from outbox_events`,
      [endpoint.id],
    );
    expect(sample(await scrape(), 'outbound_webhook_backlog') - before).toBe(1);
  });

  describe('with METRICS_ENABLED=false', () => {
    let disabled: TestApp;

    beforeAll(async () => {
      disabled = await createTestApp({ METRICS_ENABLED: 'false' });
    });

    afterAll(async () => {
      await disabled?.close();
    });

    it('answers 404 at /metrics and still serves the API', async () => {
      const server = disabled.app.getHttpServer();
      expect((await request(server).get('/metrics')).status).toBe(404);
      expect((await request(server).get('/api/v1/bounces').set('X-API-Key', TEST_API_KEY)).status).toBe(200);
    });
  });
});
