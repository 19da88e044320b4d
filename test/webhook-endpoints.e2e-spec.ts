import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { DeliverOutboundEvents } from '../libs/bounce-handling/src/outbound-webhooks/application/deliver-outbound-events.use-case';
import { EndpointHostResolver } from '../libs/bounce-handling/src/outbound-webhooks/application/ports/endpoint-host-resolver.port';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

jest.setTimeout(60_000);

const AUTH = { Authorization: `Bearer ${TEST_API_KEY}` };

/** Names resolved without the network: a public host, and one that points inside. */
class TableResolver extends EndpointHostResolver {
  async addressesOf(host: string): Promise<readonly string[]> {
    return ({ 'hooks.example.com': ['93.184.216.34'], 'inside.example.com': ['93.184.216.34', '10.0.0.5'] } as Record<string, string[]>)[host] ?? [];
  }
}

/** Outbound events' endpoints, end to end: their API, and the deliveries a recorded bounce writes for them. */
describe('webhook endpoints (e2e)', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const register = (body: unknown) =>
    http()
      .post('/api/v1/webhook-endpoints')
      .set(AUTH)
      .send(body as object);
  // The worker is off in these tests: the events are dispatched into deliveries here, as it would.
  const dispatch = () => testApp.app.get(DeliverOutboundEvents).dispatch();
  const endpointCount = async () => (await sql<{ n: number }>('select count(*)::int as n from webhook_endpoints'))[0].n;

  beforeAll(async () => {
    testApp = await createTestApp({}, { overrides: [[EndpointHostResolver, new TableResolver()]] });
  });

  beforeEach(async () => {
    await sql(`${EMPTY_DATA_TABLES}; truncate webhook_delivery_attempts, webhook_deliveries, outbox_events, webhook_endpoints restart identity cascade`);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('registers an endpoint and answers 201 with its signing secret, which no other answer shows', async () => {
    const created = await register({ url: 'https://hooks.example.com/mailpass', events: ['bounce.recorded', 'suppression.added'] }).expect(201);
    expect(created.body).toEqual({
      success: true,
      data: {
        id: 1,
        url: 'https://hooks.example.com/mailpass',
        events: ['bounce.recorded', 'suppression.added'],
        created_by: 'bootstrap',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      },
    });
    expect(Buffer.from(created.body.data.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);

    const { secret, ...shown } = created.body.data;
    const one = await http().get('/api/v1/webhook-endpoints/1').set(AUTH).expect(200);
    expect(one.body).toEqual({ success: true, data: shown });
    const list = await http().get('/api/v1/webhook-endpoints').set(AUTH).expect(200);
    expect(list.body).toEqual({ success: true, data: { endpoints: [shown], total: 1, limit: 20, offset: 0 } });
    expect(JSON.stringify([one.body, list.body])).not.toContain(secret);
  });

  it('gives each endpoint a secret of its own', async () => {
    const a = await register({ url: 'https://hooks.example.com/a', events: ['bounce.recorded'] }).expect(201);
    const b = await register({ url: 'https://hooks.example.com/b', events: ['bounce.recorded'] }).expect(201);
    expect(a.body.data.secret).not.toBe(b.body.data.secret);
  });

  it('lists newest first with the exact total, paged', async () => {
    for (const path of ['a', 'b', 'c']) await register({ url: `https://hooks.example.com/${path}`, events: ['alert.triggered'] }).expect(201);
    const page = await http().get('/api/v1/webhook-endpoints?limit=2&offset=1').set(AUTH).expect(200);
    expect(page.body.data.total).toBe(3);
    expect(page.body.data.endpoints.map((endpoint: { url: string }) => endpoint.url)).toEqual(['https://hooks.example.com/b', 'https://hooks.example.com/a']);
  });

  it.each([
    ['no body', undefined, 'url'],
    ['no url', { events: ['bounce.recorded'] }, 'url'],
    ['a url that is not a string', { url: 42, events: ['bounce.recorded'] }, 'url'],
    ['plain http', { url: 'http://hooks.example.com/in', events: ['bounce.recorded'] }, 'url'],
    ['credentials in the url', { url: 'https://user:pw@hooks.example.com/in', events: ['bounce.recorded'] }, 'url'],
    ['a loopback address', { url: 'https://127.0.0.1/in', events: ['bounce.recorded'] }, 'url'],
    ['the metadata service', { url: 'https://169.254.169.254/latest', events: ['bounce.recorded'] }, 'url'],
    ['an IPv4-mapped private address', { url: 'https://[::ffff:10.0.0.1]/in', events: ['bounce.recorded'] }, 'url'],
    ['a host that resolves to a private address', { url: 'https://inside.example.com/in', events: ['bounce.recorded'] }, 'url'],
    ['a host that does not resolve', { url: 'https://nowhere.example/in', events: ['bounce.recorded'] }, 'url'],
    ['a url longer than 2048 characters', { url: `https://hooks.example.com/${'a'.repeat(2030)}`, events: ['bounce.recorded'] }, 'url'],
    ['no events', { url: 'https://hooks.example.com/in' }, 'events'],
    ['an empty list of events', { url: 'https://hooks.example.com/in', events: [] }, 'events'],
    ['an unknown event', { url: 'https://hooks.example.com/in', events: ['bounce.recorded', 'bounce.deleted'] }, 'events'],
    ['events that are not a list', { url: 'https://hooks.example.com/in', events: 'bounce.recorded' }, 'events'],
  ])('answers 400 naming the field for %s, and stores nothing', async (_, body, field) => {
    const response = await register(body).expect(400);
    expect(response.body.success).toBe(false);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await endpointCount()).toBe(0);
  });

  it('answers 404 for an unknown endpoint and 400 for an id that is not one', async () => {
    expect((await http().get('/api/v1/webhook-endpoints/99').set(AUTH)).status).toBe(404);
    expect((await http().delete('/api/v1/webhook-endpoints/99').set(AUTH)).status).toBe(404);
    expect((await http().get('/api/v1/webhook-endpoints/abc').set(AUTH)).status).toBe(400);
  });

  it('answers 403 to a key without the webhooks permission, 401 without a key, and stores nothing', async () => {
    const { secret } = await testApp.app.get(ApiKeysFacade).create('subscribers only', ['subscribers']);
    const body = { url: 'https://hooks.example.com/in', events: ['bounce.recorded'] };
    expect((await http().post('/api/v1/webhook-endpoints').set('X-API-Key', secret).send(body)).status).toBe(403);
    expect((await http().get('/api/v1/webhook-endpoints').set('X-API-Key', secret)).status).toBe(403);
    expect((await http().get('/api/v1/webhook-endpoints/1').set('X-API-Key', secret)).status).toBe(403);
    expect((await http().delete('/api/v1/webhook-endpoints/1').set('X-API-Key', secret)).status).toBe(403);
    expect((await http().post('/api/v1/webhook-endpoints').send(body)).status).toBe(401);
    expect(await endpointCount()).toBe(0);
  });

  it('accepts a key with the webhooks permission alone', async () => {
    const { secret } = await testApp.app.get(ApiKeysFacade).create('webhooks only', ['webhooks']);
    const response = await http()
      .post('/api/v1/webhook-endpoints')
      .set('X-API-Key', secret)
      .send({ url: 'https://hooks.example.com/in', events: ['bounce.recorded'] });
    expect(response.status).toBe(201);
    expect(response.body.data.created_by).toBe('webhooks only');
  });

  it('writes, when a bounce is recorded, its events, and the dispatch one pending delivery per endpoint subscribed to each', async () => {
    await register({ url: 'https://hooks.example.com/bounces', events: ['bounce.recorded'] }).expect(201);
    await register({ url: 'https://hooks.example.com/suppressions', events: ['suppression.added', 'subscriber.status_changed'] }).expect(201);
    await register({ url: 'https://hooks.example.com/alerts', events: ['alert.triggered'] }).expect(201);
    const bounce = await http().post('/api/v1/bounces').set(AUTH).send({ email: 'gone@example.com', bounce_type: 'hard' }).expect(201);

    const events = await sql<{ type: string; payload: Record<string, unknown> }>('select type, payload from outbox_events order by id');
    expect(events.map((event) => event.type)).toEqual(['bounce.recorded', 'subscriber.status_changed', 'suppression.added']);
    expect(events[0].payload).toMatchObject({ id: bounce.body.data.bounce_id, email: 'gone@example.com', bounce_type: 'hard', source: 'api' });
    expect(await dispatch()).toBe(3);
    expect(
      await sql(
        `select e.type, w.url, d.status from webhook_deliveries d join outbox_events e on e.id = d.event_id join webhook_endpoints w on w.id = d.endpoint_id order by d.event_id, w.id`,
      ),
    ).toEqual([
      { type: 'bounce.recorded', url: 'https://hooks.example.com/bounces', status: 'pending' },
      { type: 'subscriber.status_changed', url: 'https://hooks.example.com/suppressions', status: 'pending' },
      { type: 'suppression.added', url: 'https://hooks.example.com/suppressions', status: 'pending' },
    ]);
  });

  it('writes nothing for a bounce when no endpoint is registered', async () => {
    await http().post('/api/v1/bounces').set(AUTH).send({ email: 'gone@example.com', bounce_type: 'hard' }).expect(201);
    expect(await sql('select count(*)::int as n from outbox_events')).toEqual([{ n: 0 }]);
  });

  it('deletes an endpoint: 204, then 404, and its pending deliveries are cancelled', async () => {
    await register({ url: 'https://hooks.example.com/bounces', events: ['bounce.recorded'] }).expect(201);
    await http().post('/api/v1/bounces').set(AUTH).send({ email: 'gone@example.com', bounce_type: 'hard' }).expect(201);
    await dispatch();
    await http().delete('/api/v1/webhook-endpoints/1').set(AUTH).expect(204);
    expect((await http().get('/api/v1/webhook-endpoints/1').set(AUTH)).status).toBe(404);
    expect((await http().get('/api/v1/webhook-endpoints').set(AUTH).expect(200)).body.data.total).toBe(0);
    expect(await sql('select status from webhook_deliveries')).toEqual([{ status: 'cancelled' }]);
    await http().post('/api/v1/bounces').set(AUTH).send({ email: 'other@example.com', bounce_type: 'hard' }).expect(201);
    await dispatch();
    expect(await sql('select count(*)::int as n from webhook_deliveries')).toEqual([{ n: 1 }]);
  });
});
