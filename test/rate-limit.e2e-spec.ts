import type { DestinationStream } from 'pino';
import request, { type Response } from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { ApiRateLimiter } from '../libs/bounce-handling/src/shared/adapters/http/api-rate-limiter';
import { aMailgunSigningKey } from './support/mailgun-signer';
import { SendGridSigner } from './support/sendgrid-signer';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

const LIMIT = 5;

describe('API rate limit (e2e)', () => {
  describe(`API_RATE_LIMIT_PER_MINUTE=${LIMIT}`, () => {
    const sendgrid = SendGridSigner.generate();
    let testApp: TestApp;
    const http = () => request(testApp.app.getHttpServer());
    const newKey = async (name: string) => (await testApp.app.get(ApiKeysFacade).create(name, ['subscribers', 'campaigns'])).secret;

    beforeAll(async () => {
      testApp = await createTestApp({
        API_RATE_LIMIT_PER_MINUTE: String(LIMIT),
        SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKeyBase64Der,
        MAILGUN_WEBHOOK_SIGNING_KEY: aMailgunSigningKey(),
      });
    });

    afterAll(() => testApp?.close());

    const expectRateLimited = (response: Response) => {
      expect(response.status).toBe(429);
      expect(response.body).toEqual({
        success: false,
        error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests/), request_id: response.headers['x-request-id'] },
      });
      const retryAfter = Number(response.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    };

    it(`serves ${LIMIT} requests of a key in a minute and answers the next with 429 RATE_LIMITED and Retry-After`, async () => {
      const key = await newKey('limited');
      const statuses: number[] = [];
      for (let n = 0; n < LIMIT; n += 1) statuses.push((await http().get('/api/v1/bounces').set('X-API-Key', key)).status);
      expect(statuses).toEqual(Array(LIMIT).fill(200));
      const refused = await http().get('/api/v1/bounces').set('X-API-Key', key);
      expectRateLimited(refused);
      console.log(`Rate limit: ${LIMIT} requests served, request ${LIMIT + 1} answered 429 with Retry-After: ${refused.headers['retry-after']} s`);
    });

    it('counts a key the same whichever header carries it, and whatever endpoint it calls', async () => {
      const key = await newKey('both headers');
      await http().get('/api/v1/bounces').set('X-API-Key', key).expect(200);
      await http().get('/api/v1/subscribers').set('Authorization', `Bearer ${key}`).expect(200);
      await http()
        .post('/api/v1/suppressions/check')
        .set('X-API-Key', key)
        .send({ emails: ['a@example.com'] })
        .expect(200);
      await http()
        .put('/api/v1/campaigns/rl')
        .set('Authorization', `Bearer ${key}`)
        .send({ name: 'RL' })
        .expect((response) => expect([200, 201]).toContain(response.status));
      await http().post('/api/v1/subscribers').set('X-API-Key', key).send({ email: 'rl@example.com' }).expect(201);
      expectRateLimited(await http().post('/api/v1/bounces').set('Authorization', `Bearer ${key}`).send({ email: 'rl@example.com', bounce_type: 'hard' }));
      expect(await testApp.sql("select * from bounces where email = 'rl@example.com'")).toEqual([]);
    });

    it('leaves another key unaffected by a key over its limit', async () => {
      const noisy = await newKey('noisy');
      const quiet = await newKey('quiet');
      for (let n = 0; n < LIMIT; n += 1) await http().get('/api/v1/bounces').set('X-API-Key', noisy).expect(200);
      expectRateLimited(await http().get('/api/v1/bounces').set('X-API-Key', noisy));
      for (let n = 0; n < LIMIT; n += 1) await http().get('/api/v1/bounces').set('X-API-Key', quiet).expect(200);
    });

    it('limits requests without a valid key by client address, leaving valid keys from that address served', async () => {
      const statuses: number[] = [];
      for (let n = 0; n <= LIMIT; n += 1) statuses.push((await http().get('/api/v1/bounces').set('X-API-Key', `mpk_guess_${n}`)).status);
      expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
      expectRateLimited(await http().get('/api/v1/bounces'));
      await http()
        .get('/api/v1/bounces')
        .set('X-API-Key', await newKey('same address'))
        .expect(200);
    });

    it('never limits the webhooks, whose providers send bursts, nor the health endpoints and the metrics', async () => {
      const statuses: number[] = [];
      for (let n = 0; n < LIMIT * 3; n += 1) {
        const body = JSON.stringify([{ email: `burst-${n}@example.com`, event: 'delivered', sg_event_id: `burst-${n}`, timestamp: 1767960000 }]);
        statuses.push((await http().post('/api/v1/webhooks/sendgrid').set('Content-Type', 'application/json').set(sendgrid.headers(body)).send(body)).status);
        statuses.push((await http().post('/api/v1/webhooks/mailgun').set('Content-Type', 'application/json').send('{}')).status);
        statuses.push((await http().get('/health/live')).status);
        statuses.push((await http().get('/metrics')).status);
      }
      expect(statuses.filter((status) => status === 429)).toEqual([]);
      expect(new Set(statuses)).toEqual(new Set([200, 401])); // Mailgun's posts are unsigned
    });

    it('documents 429 with Retry-After on every API operation, and on no webhook', async () => {
      const document = (await http().get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
      };
      const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
      );
      // The webhooks' status is read with an API key, like the rest of the API.
      const isWebhook = (path: string) => path.startsWith('/api/v1/webhooks/') && path !== '/api/v1/webhooks/status';
      const api = operations.filter(({ path }) => path.startsWith('/api/v1/') && !isWebhook(path));
      expect(api).toHaveLength(30);
      for (const { path, method, operation } of api)
        expect({ path, method, retryAfter: operation.responses['429']?.headers?.['Retry-After'] }).toEqual({ path, method, retryAfter: expect.anything() });
      for (const { path, operation } of operations.filter(({ path }) => isWebhook(path)))
        expect({ path, documents429: '429' in operation.responses }).toEqual({ path, documents429: false });
    });
  });

  it('has no limit with API_RATE_LIMIT_PER_MINUTE=0: 100 requests from one address without a key are all answered 401, none 429', async () => {
    // The limiter's own spec shows a limit of 0 never refuses (1000 requests); this shows the setting reaches it.
    const testApp = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      expect(testApp.app.get(ApiRateLimiter).settings).toEqual({ limit: 0, windowMs: 60_000 });
      const statuses: number[] = [];
      for (let n = 0; n < 100; n += 1) statuses.push((await request(testApp.app.getHttpServer()).get('/api/v1/bounces')).status);
      expect(new Set(statuses)).toEqual(new Set([401]));
    } finally {
      await testApp.close();
    }
  });

  it('defaults to 600 requests a minute', async () => {
    const testApp = await createTestApp();
    try {
      expect(testApp.app.get(ApiRateLimiter).settings).toEqual({ limit: 600, windowMs: 60_000 });
    } finally {
      await testApp.close();
    }
  });

  describe('behind a reverse proxy (TRUST_PROXY)', () => {
    /** The address each `request completed` line names, in order. */
    const loggedAddresses = (lines: string[]): unknown[] =>
      lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'request completed')
        .map((line) => line.remote_address);

    async function keylessStatuses(env: Record<string, string>, forwardedFor: readonly string[]): Promise<{ statuses: number[]; addresses: unknown[] }> {
      const lines: string[] = [];
      const logDestination: DestinationStream = { write: (line: string) => void lines.push(line) };
      const testApp = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: String(LIMIT), LOG_LEVEL: 'info', ...env }, { logDestination });
      try {
        const statuses: number[] = [];
        for (const address of forwardedFor)
          statuses.push((await request(testApp.app.getHttpServer()).get('/api/v1/bounces').set('X-Forwarded-For', address)).status);
        return { statuses, addresses: loggedAddresses(lines) };
      } finally {
        await testApp.close();
      }
    }

    it('with TRUST_PROXY=1, limits and logs each client by the address its proxy forwards', async () => {
      const first = Array<string>(LIMIT + 1).fill('198.51.100.1, 203.0.113.7');
      const { statuses, addresses } = await keylessStatuses({ TRUST_PROXY: '1' }, [...first, '203.0.113.8']);

      expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 401]);
      expect(addresses).toEqual([...Array(LIMIT + 1).fill('203.0.113.7'), '203.0.113.8']);
    });

    it("with TRUST_PROXY naming the proxy's address, believes only that proxy", async () => {
      const { addresses } = await keylessStatuses({ TRUST_PROXY: 'loopback' }, ['203.0.113.9']);
      expect(addresses).toEqual(['203.0.113.9']);
    });

    it('without TRUST_PROXY, ignores X-Forwarded-For: a client cannot escape the limit by inventing addresses', async () => {
      const invented = Array.from({ length: LIMIT + 1 }, (_, n) => `203.0.113.${n + 10}`);
      const { statuses, addresses } = await keylessStatuses({}, invented);

      expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
      expect(new Set(addresses)).toEqual(new Set([expect.stringMatching(/127\.0\.0\.1$|^::1$/)]));
    });
  });
});
