import type { DestinationStream } from 'pino';
import request, { type Response } from 'supertest';
import { aMailgunSigningKey } from './support/mailgun-signer';
import { SendGridSigner } from './support/sendgrid-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

const MB = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class CapturedLogs implements DestinationStream {
  readonly lines: Array<Record<string, unknown>> = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
}

describe('Hardening (e2e)', () => {
  const logs = new CapturedLogs();
  const sendgrid = SendGridSigner.generate();
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const auth = { 'X-API-Key': TEST_API_KEY };

  beforeAll(async () => {
    testApp = await createTestApp(
      { LOG_LEVEL: 'info', SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKeyBase64Der, MAILGUN_WEBHOOK_SIGNING_KEY: aMailgunSigningKey() },
      { logDestination: logs },
    );
  });

  afterAll(() => testApp?.close());

  /** Answers of every kind: success, refusals by the guard, the router, a body parser and validation, and a webhook. */
  const answers: ReadonlyArray<readonly [string, () => Promise<Response>]> = [
    ['a 200 of the API', () => http().get('/api/v1/bounces').set(auth)],
    ['a 401 of the API', () => http().get('/api/v1/bounces')],
    ['a 400 of the API', () => http().get('/api/v1/bounces?limit=abc').set(auth)],
    ['a 404 for an unknown route', () => http().get('/api/v1/nothing-here')],
    [
      'a 413 of a body parser',
      () =>
        http()
          .post('/api/v1/bounces')
          .set(auth)
          .set('Content-Type', 'application/json')
          .send(`{"x":"${'x'.repeat(MB)}"}`),
    ],
    ['a 400 for malformed JSON', () => http().post('/api/v1/bounces').set(auth).set('Content-Type', 'application/json').send('{"email":')],
    ['a 415 of a body parser (charset)', () => http().post('/api/v1/bounces').set(auth).set('Content-Type', 'application/json; charset=latin1').send('{}')],
    ['a 400 for a path that cannot be decoded', () => http().get('/api/v1/subscribers/%ff').set(auth)],
    ['a 401 of a webhook', () => http().post('/api/v1/webhooks/sendgrid').set('Content-Type', 'application/json').send('[]')],
    ['the Swagger UI', () => http().get('/docs')],
  ];

  describe('security headers', () => {
    it.each(answers)('sets helmet’s headers on %s, and no X-Powered-By', async (_case, send) => {
      const response = await send();
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'x-dns-prefetch-control': 'off',
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('request ids', () => {
    it.each(answers.filter(([, _send], index) => index > 0 && index < answers.length - 1))(
      'puts the X-Request-Id of %s in its error body',
      async (_case, send) => {
        const response = await send();
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.headers['x-request-id']).toMatch(UUID);
        expect(response.body).toEqual({
          success: false,
          error: expect.objectContaining({ code: expect.any(String), message: expect.any(String), request_id: response.headers['x-request-id'] }),
        });
      },
    );

    it.each([
      ['a UUID', '0b8f6f3e-2f7a-4b7e-9a55-5b0b1e2f9c11'],
      ['a trace id with dots and colons', 'trace:abc.123_def-456'],
      ['128 characters', 'r'.repeat(128)],
    ])('echoes a caller’s sensible X-Request-Id (%s), in the header, the error body and every log line of the request', async (_case, id) => {
      const before = logs.lines.length;
      const response = await http().get('/api/v1/bounces').set('X-Request-Id', id);
      expect(response.headers['x-request-id']).toBe(id);
      expect(response.body.error.request_id).toBe(id);
      const lines = logs.lines.slice(before);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.map((line) => line.request_id)).toEqual(lines.map(() => id));
    });

    it.each([
      ['too long (129 characters)', 'r'.repeat(129)],
      ['with spaces', 'my request'],
      ['with a quote and braces (log injection)', '","level":60,"msg":"forged'],
      ['with non-ASCII characters', 'ré-quête'],
      ['empty', ''],
    ])('replaces an X-Request-Id that is %s with a fresh UUID', async (_case, id) => {
      const response = await http().get('/api/v1/bounces').set('X-Request-Id', id);
      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(response.body.error.request_id).toBe(response.headers['x-request-id']);
    });

    it('gives a request refused by a body parser its request id in the logs too', async () => {
      const before = logs.lines.length;
      const response = await http()
        .post('/api/v1/bounces')
        .set(auth)
        .set('X-Request-Id', 'too-large-1')
        .set('Content-Type', 'application/json')
        .send(`{"x":"${'x'.repeat(MB)}"}`);
      expect(response.status).toBe(413);
      expect(logs.lines.slice(before)).toEqual([expect.objectContaining({ request_id: 'too-large-1', res: { status: 413 } })]);
    });

    it('gives concurrent requests their own ids, each line with its own', async () => {
      const before = logs.lines.length;
      const ids = Array.from({ length: 20 }, (_, n) => `concurrent-${n}`);
      const responses = await Promise.all(ids.map((id) => http().get('/api/v1/bounces').set(auth).set('X-Request-Id', id)));
      expect(responses.map((response) => response.headers['x-request-id'])).toEqual(ids);
      const logged = logs.lines.slice(before).map((line) => line.request_id);
      expect([...logged].sort()).toEqual([...ids].sort());
    });
  });

  describe('body limits per route', () => {
    const sendgridPost = (bytes: number) => {
      const body = JSON.stringify([{ email: 'big@example.com', event: 'open', sg_event_id: 'big', padding: 'x'.repeat(bytes) }]);
      return http().post('/api/v1/webhooks/sendgrid').set('Content-Type', 'application/json').set(sendgrid.headers(body)).send(body);
    };

    it('answers 413 to an API body over 1 MB', async () => {
      const response = await http()
        .post('/api/v1/suppressions/check')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ emails: ['x'.repeat(MB)] }));
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('reads a webhook body of 5 MB (a big SendGrid batch) instead of refusing it', async () => {
      const response = await sendgridPost(5 * MB);
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
    });

    it.each([
      ['SendGrid', '/api/v1/webhooks/sendgrid', 'application/json'],
      ['Mailgun (read raw)', '/api/v1/webhooks/mailgun', 'application/json'],
      ['Mailgun (multipart, read by the webhook)', '/api/v1/webhooks/mailgun', 'multipart/form-data; boundary=xyz'],
    ])('answers 413 to a %s webhook body over 10 MB', async (_case, path, contentType) => {
      const response = await http()
        .post(path)
        .set('Content-Type', contentType)
        .send('x'.repeat(10 * MB + 1));
      expect(response.status).toBe(413);
      expect(response.body.error).toEqual(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', request_id: response.headers['x-request-id'] }));
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      http().options('/api/v1/bounces').set('Origin', origin).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'x-api-key');

    it('is off by default: no Access-Control-Allow-Origin, on a preflight or on a request', async () => {
      const options = await preflight('https://evil.example');
      expect(options.headers['access-control-allow-origin']).toBeUndefined();
      expect(options.headers['access-control-allow-headers']).toBeUndefined();
      const get = await http().get('/api/v1/bounces').set(auth).set('Origin', 'https://evil.example');
      expect(get.status).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    });

    describe('with CORS_ORIGINS set', () => {
      let corsApp: TestApp;

      beforeAll(async () => {
        corsApp = await createTestApp({ CORS_ORIGINS: 'https://app.mailpass.example, http://localhost:5173' });
      });

      afterAll(() => corsApp?.close());

      it.each(['https://app.mailpass.example', 'http://localhost:5173'])('allows %s, with the key headers', async (origin) => {
        const options = await request(corsApp.app.getHttpServer())
          .options('/api/v1/bounces')
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'x-api-key,content-type');
        expect(options.status).toBeLessThan(300);
        expect(options.headers['access-control-allow-origin']).toBe(origin);
        expect(options.headers['access-control-allow-headers']?.toLowerCase()).toEqual(expect.stringContaining('x-api-key'));
        const get = await request(corsApp.app.getHttpServer()).get('/api/v1/bounces').set(auth).set('Origin', origin);
        expect(get.headers['access-control-allow-origin']).toBe(origin);
        expect(get.headers['access-control-expose-headers']).toBe('X-Request-Id,Retry-After');
      });

      it.each(['https://evil.example', 'https://app.mailpass.example.evil.example', 'http://app.mailpass.example', 'null'])(
        'does not allow %s',
        async (origin) => {
          const options = await request(corsApp.app.getHttpServer())
            .options('/api/v1/bounces')
            .set('Origin', origin)
            .set('Access-Control-Request-Method', 'GET');
          expect(options.headers['access-control-allow-origin']).toBeUndefined();
          const get = await request(corsApp.app.getHttpServer()).get('/api/v1/bounces').set(auth).set('Origin', origin);
          expect(get.headers['access-control-allow-origin']).toBeUndefined();
        },
      );
    });
  });
});
