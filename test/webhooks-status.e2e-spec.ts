import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { aMailgunSigningKey, signedMailgunJson } from './support/mailgun-signer';
import { SendGridSigner } from './support/sendgrid-signer';
import { SnsSigner } from './support/sns-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Each app starts on a database; this file starts two on one.
jest.setTimeout(60_000);

const STATUS = '/api/v1/webhooks/status';
const MAILGUN = '/api/v1/webhooks/mailgun';
const FIXTURES = join(__dirname, '../libs/bounce-handling/src/webhooks/providers/mailgun/adapters/http/__fixtures__');
const delivered = (JSON.parse(readFileSync(join(FIXTURES, 'json-delivered.json'), 'utf8')) as { 'event-data': object })['event-data'];

interface ProviderStatus {
  provider: string;
  path: string;
  configured: boolean;
  accepted: number;
  refused: number;
  last_accepted_at: string | null;
  last_refused_at: string | null;
  last_refusal: { reason: string; status: number; message: string } | null;
}

const nothingReceived = { accepted: 0, refused: 0, last_accepted_at: null, last_refused_at: null, last_refusal: null };

/** An RFC 3339 time (to the second) no earlier than `since`, at most now. */
const timeBetween = (since: Date) => ({
  asymmetricMatch: (value: unknown) =>
    typeof value === 'string' &&
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) &&
    Date.parse(value) >= Math.floor(since.getTime() / 1000) * 1000 &&
    Date.parse(value) <= Date.now(),
  toString: () => `a time since ${since.toISOString()}`,
});

describe('Webhooks status (e2e)', () => {
  // Mailgun is set up; SES and SendGrid are not.
  const env = { MAILGUN_WEBHOOK_SIGNING_KEY: aMailgunSigningKey() };
  let database: TestDatabase;
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const postMailgun = (body: unknown) =>
    http()
      .post(MAILGUN)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  const providers = async (): Promise<ProviderStatus[]> => {
    const response = await http().get(STATUS).set('X-API-Key', TEST_API_KEY);
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    return response.body.data.providers as ProviderStatus[];
  };
  const statusOf = async (provider: string) => (await providers()).find((status) => status.provider === provider)!;

  beforeAll(async () => {
    database = await createTestDatabase();
    testApp = await createTestApp(env, { database });
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  /** What `read` gives once it gives a row, within 2 s (a write that follows an answer). */
  async function eventually<T>(read: () => Promise<T[]>): Promise<T[]> {
    for (const deadline = Date.now() + 2_000; ; await new Promise((resolve) => setTimeout(resolve, 20))) {
      const rows = await read();
      if (rows.length > 0 || Date.now() > deadline) return rows;
    }
  }

  it('lists every provider in a fixed order, with its URL and whether it is configured, before anything is received', async () => {
    expect(await providers()).toEqual([
      { provider: 'ses', path: '/api/v1/webhooks/ses', configured: false, ...nothingReceived },
      { provider: 'mailgun', path: '/api/v1/webhooks/mailgun', configured: true, ...nothingReceived },
      { provider: 'sendgrid', path: '/api/v1/webhooks/sendgrid', configured: false, ...nothingReceived },
      { provider: 'postmark', path: '/api/v1/webhooks/postmark', configured: false, ...nothingReceived },
      { provider: 'sparkpost', path: '/api/v1/webhooks/sparkpost', configured: false, ...nothingReceived },
      { provider: 'mailjet', path: '/api/v1/webhooks/mailjet', configured: false, ...nothingReceived },
      { provider: 'brevo', path: '/api/v1/webhooks/brevo', configured: false, ...nothingReceived },
      { provider: 'resend', path: '/api/v1/webhooks/resend', configured: false, ...nothingReceived },
    ]);
  });

  it('shows a correctly signed Mailgun event as accepted as soon as it is answered, and stores it', async () => {
    const sent = new Date();
    const response = await postMailgun(signedMailgunJson(env.MAILGUN_WEBHOOK_SIGNING_KEY, delivered));
    expect(response.status).toBe(200);
    // The first request after a quiet second is written at once.
    expect(await eventually(() => testApp.sql("select accepted::int, refused::int from webhook_activity where provider = 'mailgun'"))).toEqual([
      { accepted: 1, refused: 0 },
    ]);
    expect(await statusOf('mailgun')).toEqual({
      provider: 'mailgun',
      path: '/api/v1/webhooks/mailgun',
      configured: true,
      accepted: 1,
      refused: 0,
      last_accepted_at: timeBetween(sent),
      last_refused_at: null,
      last_refusal: null,
    });
  });

  it('shows a Mailgun request with a bad signature as refused: bad_signature, 401 and the message it was answered with', async () => {
    const sent = new Date();
    const signed = signedMailgunJson(env.MAILGUN_WEBHOOK_SIGNING_KEY, delivered) as { signature: object };
    const response = await postMailgun({ ...signed, signature: { ...signed.signature, signature: 'f'.repeat(64) } });
    expect(response.status).toBe(401);
    expect(await statusOf('mailgun')).toMatchObject({
      accepted: 1,
      refused: 1,
      last_refused_at: timeBetween(sent),
      last_refusal: { reason: 'bad_signature', status: 401, message: response.body.error.message },
    });
  });

  it('shows a Mailgun body that cannot be read as refused: malformed, 406', async () => {
    const response = await postMailgun('{"signature": ');
    expect(response.status).toBe(406);
    expect(await statusOf('mailgun')).toMatchObject({
      accepted: 1,
      refused: 2,
      last_refusal: { reason: 'malformed', status: 406, message: response.body.error.message },
    });
  });

  it('shows requests to providers that are not configured as refused: not_configured, 503, naming the setting', async () => {
    const body = JSON.stringify([{ email: 'john@example.com', event: 'bounce', sg_event_id: 'status-1', timestamp: 1767960000 }]);
    const sendgrid = await http()
      .post('/api/v1/webhooks/sendgrid')
      .set('Content-Type', 'application/json')
      .set(SendGridSigner.generate().headers(body))
      .send(body);
    expect(sendgrid.status).toBe(503);
    const sns = new SnsSigner();
    try {
      const ses = await http()
        .post('/api/v1/webhooks/ses')
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(sns.notification({ eventType: 'Delivery' })));
      expect(ses.status).toBe(503);
    } finally {
      sns.dispose();
    }
    const [ses, , sendgridStatus] = await providers();
    expect(sendgridStatus).toMatchObject({
      configured: false,
      accepted: 0,
      refused: 1,
      last_refusal: { reason: 'not_configured', status: 503, message: 'The SendGrid webhook is not configured: set SENDGRID_WEBHOOK_PUBLIC_KEY' },
    });
    expect(ses).toMatchObject({
      configured: false,
      refused: 1,
      last_refusal: { reason: 'not_configured', status: 503, message: 'The SES webhook is not configured: set SES_TOPIC_ARNS' },
    });
  });

  it('keeps the status across a restart: another instance on the same database answers the same, requests counted just before the stop included', async () => {
    const before = await providers();
    // The second of two requests in a row is kept in memory for up to a second: the stop writes it.
    for (let n = 0; n < 2; n += 1) expect((await postMailgun(signedMailgunJson(env.MAILGUN_WEBHOOK_SIGNING_KEY, delivered))).status).toBe(200);
    await testApp.close();
    testApp = await createTestApp(env, { database });

    const after = await providers();
    const [, mailgunBefore] = before;
    expect(after).toEqual([before[0], { ...mailgunBefore, accepted: mailgunBefore.accepted + 2, last_accepted_at: expect.any(String) }, ...before.slice(2)]);
    expect(Date.parse(after[1].last_accepted_at!)).toBeGreaterThanOrEqual(Date.parse(mailgunBefore.last_accepted_at!));
  });

  it('refuses the status without an API key (401) and with a key without the subscribers permission (403)', async () => {
    const anonymous = await http().get(STATUS);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });

    const campaignsOnly = (await testApp.app.get(ApiKeysFacade).create('campaigns only', ['campaigns'])).secret;
    const forbidden = await http().get(STATUS).set('Authorization', `Bearer ${campaignsOnly}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
  });

  it('is documented in the API docs with its answers and the reasons a refusal can have', async () => {
    const document = (await http().get('/docs-json')).body as {
      paths: Record<string, { get: { responses: Record<string, unknown>; security: unknown } }>;
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    const operation = document.paths[STATUS].get;
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '401', '403', '429', '503']);
    expect(operation.security).toEqual([{ 'api-key': [] }, { bearer: [] }]);
    expect(document.components.schemas.WebhookRefusalDto.properties.reason.enum).toEqual([
      'not_configured',
      'bad_signature',
      'unknown_topic',
      'malformed',
      'too_large',
      'unsupported_media_type',
      'other',
    ]);
  });
});
