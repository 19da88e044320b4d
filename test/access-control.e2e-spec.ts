import { createHash } from 'node:crypto';
import type { DestinationStream } from 'pino';
import request, { type Response } from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { ApiKeyRepository } from '../libs/bounce-handling/src/auth/application/ports/api-key.repository.port';
import { sesFixture } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__';
import { snapshotTables } from './support/hostile-snapshot';
import { aMailgunSigningKey, signedMailgunJson } from './support/mailgun-signer';
import { SendGridSigner, SENDGRID_SIGNATURE_HEADER } from './support/sendgrid-signer';
import { SnsSigner, SNS_TEST_TOPIC_ARN } from './support/sns-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

/** Every log line the app writes, parsed. */
class CapturedLogs implements DestinationStream {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];

  write(line: string): void {
    this.raw.push(line);
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }

  clear(): void {
    this.lines.length = 0;
    this.raw.length = 0;
  }
}

interface ApiCall {
  readonly name: string;
  readonly permission: 'subscribers' | 'campaigns' | 'inbound';
  /** Sends the call with the given headers; a successful one with the right key. */
  readonly send: (http: () => ReturnType<typeof request>, headers: Record<string, string>) => Promise<Response>;
}

let unique = 0;
const API: readonly ApiCall[] = [
  { name: 'GET /api/v1/bounces', permission: 'subscribers', send: (http, headers) => http().get('/api/v1/bounces').set(headers) },
  {
    name: 'POST /api/v1/bounces',
    permission: 'subscribers',
    send: (http, headers) =>
      http()
        .post('/api/v1/bounces')
        .set(headers)
        .send({ email: `acl-${(unique += 1)}@example.com`, bounce_type: 'soft' }),
  },
  {
    name: 'POST /api/v1/subscribers',
    permission: 'subscribers',
    send: (http, headers) =>
      http()
        .post('/api/v1/subscribers')
        .set(headers)
        .send({ email: `acl-${(unique += 1)}@example.com`, name: 'ACL' }),
  },
  { name: 'GET /api/v1/subscribers', permission: 'subscribers', send: (http, headers) => http().get('/api/v1/subscribers').set(headers) },
  { name: 'GET /api/v1/subscribers/{id}', permission: 'subscribers', send: (http, headers) => http().get('/api/v1/subscribers/1').set(headers) },
  {
    name: 'GET /api/v1/subscribers/{id}/bounces',
    permission: 'subscribers',
    send: (http, headers) => http().get('/api/v1/subscribers/1/bounces').set(headers),
  },
  {
    name: 'POST /api/v1/subscribers/{id}/reactivate',
    permission: 'subscribers',
    send: (http, headers) => http().post('/api/v1/subscribers/1/reactivate').set(headers),
  },
  {
    name: 'PUT /api/v1/campaigns/{id}',
    permission: 'campaigns',
    send: (http, headers) =>
      http()
        .put('/api/v1/campaigns/acl-campaign')
        .set(headers)
        .send({ name: `ACL ${(unique += 1)}` }),
  },
  {
    name: 'POST /api/v1/suppressions/check',
    permission: 'subscribers',
    send: (http, headers) =>
      http()
        .post('/api/v1/suppressions/check')
        .set(headers)
        .send({ emails: ['seed@example.com'] }),
  },
  { name: 'GET /api/v1/suppressions', permission: 'subscribers', send: (http, headers) => http().get('/api/v1/suppressions').set(headers) },
  {
    name: 'POST /api/v1/suppressions',
    permission: 'subscribers',
    send: (http, headers) =>
      http()
        .post('/api/v1/suppressions')
        .set(headers)
        .send({ entries: [{ email: 'acl-suppressed@example.com', status: 'bounced' }] }),
  },
  {
    name: 'POST /api/v1/suppressions/delete',
    permission: 'subscribers',
    send: (http, headers) =>
      http()
        .post('/api/v1/suppressions/delete')
        .set(headers)
        .send({ emails: ['acl-suppressed@example.com'] }),
  },
  {
    name: 'GET /api/v1/subscribers/{id}/history',
    permission: 'subscribers',
    send: (http, headers) => http().get('/api/v1/subscribers/1/history').set(headers),
  },
  { name: 'GET /api/v1/webhooks/status', permission: 'subscribers', send: (http, headers) => http().get('/api/v1/webhooks/status').set(headers) },
  {
    name: 'POST /api/v1/inbound/mail',
    permission: 'inbound',
    send: (http, headers) =>
      http()
        .post('/api/v1/inbound/mail')
        .set(headers)
        .set('Content-Type', 'message/rfc822')
        .send(`From: someone@example.com\r\nMessage-ID: <acl-${(unique += 1)}@example.com>\r\nSubject: hello\r\n\r\nNot a bounce.\r\n`),
  },
];

describe('Access control (e2e)', () => {
  const logs = new CapturedLogs();
  const sns = new SnsSigner();
  const sendgrid = SendGridSigner.generate();
  const mailgunKey = aMailgunSigningKey();
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  /** Keys by what they may do: created through the use case, as the CLI does. */
  const keys = { subscribers: '', campaigns: '', inbound: '', revoked: '', unknown: `mpk_${'u'.repeat(43)}` };

  beforeAll(async () => {
    testApp = await createTestApp(
      {
        LOG_LEVEL: 'debug',
        SES_TOPIC_ARNS: SNS_TEST_TOPIC_ARN,
        SNS_CERTIFICATES_DIR: sns.certificatesDir,
        MAILGUN_WEBHOOK_SIGNING_KEY: mailgunKey,
        SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKeyBase64Der,
      },
      { logDestination: logs },
    );
    const apiKeys = testApp.app.get(ApiKeysFacade);
    keys.subscribers = (await apiKeys.create('subscribers only', ['subscribers'])).secret;
    keys.campaigns = (await apiKeys.create('campaigns only', ['campaigns'])).secret;
    keys.inbound = (await apiKeys.create('inbound only', ['inbound'])).secret;
    const revoked = await apiKeys.create('revoked', ['subscribers', 'campaigns']);
    await testApp.app.get(ApiKeysFacade).revoke(revoked.apiKey.id);
    keys.revoked = revoked.secret;
    expect((await http().post('/api/v1/subscribers').set('X-API-Key', TEST_API_KEY).send({ email: 'seed@example.com' })).status).toBe(201);
  });

  afterAll(async () => {
    await testApp?.close();
    sns.dispose();
  });

  /** A key with a permission other than the call's. */
  const withoutPermission = (call: ApiCall) => (call.permission === 'subscribers' ? keys.campaigns : keys.subscribers);
  const withPermission = (call: ApiCall) => keys[call.permission];

  describe.each(API.map((call) => [call.name, call] as const))('%s', (_name, call) => {
    const refusals: ReadonlyArray<readonly [string, number, string, () => Record<string, string>]> = [
      ['no key', 401, 'UNAUTHORIZED', () => ({})],
      ['an empty bearer token', 401, 'UNAUTHORIZED', () => ({ Authorization: 'Bearer ' })],
      ['a malformed Authorization (Basic)', 401, 'UNAUTHORIZED', () => ({ Authorization: `Basic ${Buffer.from(`user:${TEST_API_KEY}`).toString('base64')}` })],
      ['a malformed bearer token (two words)', 401, 'UNAUTHORIZED', () => ({ Authorization: `Bearer ${TEST_API_KEY} extra` })],
      ['an unknown key as bearer', 401, 'UNAUTHORIZED', () => ({ Authorization: `Bearer ${keys.unknown}` })],
      ['an unknown key in X-API-Key', 401, 'UNAUTHORIZED', () => ({ 'X-API-Key': keys.unknown })],
      ['a revoked key as bearer', 401, 'UNAUTHORIZED', () => ({ Authorization: `Bearer ${keys.revoked}` })],
      ['a revoked key in X-API-Key', 401, 'UNAUTHORIZED', () => ({ 'X-API-Key': keys.revoked })],
      ['a key without the permission, as bearer', 403, 'FORBIDDEN', () => ({ Authorization: `Bearer ${withoutPermission(call)}` })],
      ['a key without the permission, in X-API-Key', 403, 'FORBIDDEN', () => ({ 'X-API-Key': withoutPermission(call) })],
    ];

    it.each(refusals)('answers %s with %i %s in the error envelope, changing nothing', async (_case, status, code, headers) => {
      const before = await snapshotTables(testApp);
      const response = await call.send(http, headers());
      expect(response.status).toBe(status);
      expect(response.body).toEqual({ success: false, error: { code, message: expect.any(String), request_id: response.headers['x-request-id'] } });
      expect(await snapshotTables(testApp)).toEqual(before);
    });

    it.each([
      ['as bearer', (key: string) => ({ Authorization: `Bearer ${key}` })],
      ['in X-API-Key', (key: string) => ({ 'X-API-Key': key })],
    ])('serves the right key %s (2xx)', async (_case, headers) => {
      const response = await call.send(http, headers(withPermission(call)));
      expect(response.status).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(300);
      expect(response.body.success).toBe(true);
    });
  });

  it.each(['POST /api/v1/bounces', 'POST /api/v1/subscribers', 'PUT /api/v1/campaigns/{id}', 'POST /api/v1/suppressions/check'])(
    'checks the key before the body: %s without a key and with a body that is not JSON is answered 401, not 415',
    async (name) => {
      const [method, path] = name.replace('{id}', 'acl-campaign').split(' ');
      const send = method === 'PUT' ? http().put(path) : http().post(path);
      const response = await send.set('Content-Type', 'text/plain').send('not json');
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
      // With a key, the same body is refused for what it is.
      const withKey = await (method === 'PUT' ? http().put(path) : http().post(path))
        .set('X-API-Key', TEST_API_KEY)
        .set('Content-Type', 'text/plain')
        .send('not json');
      expect(withKey.status).toBe(415);
    },
  );

  describe('keys are looked up by their SHA-256 hash, never compared as text', () => {
    const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

    it('stores only the hash of each key', async () => {
      const rows = await testApp.sql<{ key_hash: string }>('select key_hash from api_keys order by id');
      expect(rows.map((row) => row.key_hash)).toEqual(
        expect.arrayContaining([sha256(TEST_API_KEY), sha256(keys.subscribers), sha256(keys.campaigns), sha256(keys.revoked)]),
      );
      const everything = JSON.stringify(await testApp.sql('select * from api_keys'));
      for (const secret of [TEST_API_KEY, keys.subscribers, keys.campaigns, keys.revoked]) expect(everything).not.toContain(secret);
    });

    it('asks the repository for the hash of the presented key, never for the key itself', async () => {
      const repository = testApp.app.get(ApiKeyRepository);
      const lookup = jest.spyOn(repository, 'findByHash');
      try {
        await http().get('/api/v1/bounces').set('X-API-Key', keys.subscribers);
        await http().get('/api/v1/bounces').set('X-API-Key', keys.unknown);
        expect(lookup.mock.calls).toEqual([[sha256(keys.subscribers)], [sha256(keys.unknown)]]);
      } finally {
        lookup.mockRestore();
      }
    });

    it.each([
      ['its last character changed', (key: string) => key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')],
      ['its first character changed', (key: string) => (key.startsWith('X') ? 'Y' : 'X') + key.slice(1)],
      ['one character less', (key: string) => key.slice(0, -1)],
      ['one character more', (key: string) => `${key}A`],
      ['upper-cased', (key: string) => key.toUpperCase()],
    ])('refuses a valid key with %s (401)', async (_case, change) => {
      const response = await http().get('/api/v1/bounces').set('X-API-Key', change(keys.subscribers));
      expect(response.status).toBe(401);
    });

    it('refuses an absurdly long key without looking it up', async () => {
      const lookup = jest.spyOn(testApp.app.get(ApiKeyRepository), 'findByHash');
      try {
        expect((await http().get('/api/v1/bounces').set('X-API-Key', 'k'.repeat(10_000))).status).toBe(401);
        expect(lookup).not.toHaveBeenCalled();
      } finally {
        lookup.mockRestore();
      }
    });
  });

  it('never writes a key, a signature or a signing secret to the logs, and gives every line of a request its request_id', async () => {
    logs.clear();
    const secrets: string[] = [TEST_API_KEY, keys.subscribers, keys.campaigns, keys.inbound, keys.revoked, keys.unknown, mailgunKey];
    for (const call of API) {
      for (const key of [withPermission(call), withoutPermission(call), keys.revoked, keys.unknown]) {
        await call.send(http, { Authorization: `Bearer ${key}` });
        await call.send(http, { 'X-API-Key': key });
      }
    }
    // Webhooks, signed (accepted) and with their signatures tampered (refused).
    const snsEnvelope = sns.notification(sesFixture('bounce-permanent.event-publishing'));
    secrets.push(snsEnvelope.Signature!);
    expect((await http().post('/api/v1/webhooks/ses').set('Content-Type', 'text/plain').send(JSON.stringify(snsEnvelope))).status).toBe(200);
    const forged = { ...snsEnvelope, Signature: Buffer.from('forged signature of some length').toString('base64') };
    secrets.push(forged.Signature);
    expect((await http().post('/api/v1/webhooks/ses').set('Content-Type', 'text/plain').send(JSON.stringify(forged))).status).toBe(401);
    const mailgunBody = signedMailgunJson(mailgunKey, {
      event: 'failed',
      severity: 'permanent',
      recipient: 'mg@example.com',
      id: 'mg-log-1',
      timestamp: Date.now() / 1000,
    }) as { signature: { signature: string; token: string } };
    secrets.push(mailgunBody.signature.signature, mailgunBody.signature.token);
    expect((await http().post('/api/v1/webhooks/mailgun').set('Content-Type', 'application/json').send(JSON.stringify(mailgunBody))).status).toBe(200);
    const mailgunForged = { ...mailgunBody, signature: { ...mailgunBody.signature, signature: 'f'.repeat(64) } };
    expect((await http().post('/api/v1/webhooks/mailgun').set('Content-Type', 'application/json').send(JSON.stringify(mailgunForged))).status).toBe(401);
    const sendgridBody = JSON.stringify([{ email: 'sg@example.com', event: 'bounce', type: 'bounce', sg_event_id: 'sg-log-1', timestamp: 1767960000 }]);
    const sendgridHeaders = sendgrid.headers(sendgridBody);
    secrets.push(sendgridHeaders[SENDGRID_SIGNATURE_HEADER]);
    expect((await http().post('/api/v1/webhooks/sendgrid').set('Content-Type', 'application/json').set(sendgridHeaders).send(sendgridBody)).status).toBe(200);
    expect(
      (
        await http()
          .post('/api/v1/webhooks/sendgrid')
          .set('Content-Type', 'application/json')
          .set({ ...sendgridHeaders, [SENDGRID_SIGNATURE_HEADER]: 'MEUCIQ' + 'A'.repeat(90) })
          .send(sendgridBody)
      ).status,
    ).toBe(401);

    const requests = API.length * 8 + 6;
    const completions = logs.lines.filter((line) => line.msg === 'request completed' || line.msg === 'request errored');
    console.log(
      `Access control logs: ${requests} requests, ${logs.lines.length} log lines, ${completions.length} request lines, ${secrets.length} secrets looked for`,
    );
    expect(completions).toHaveLength(requests);
    for (const secret of secrets) {
      // Any fragment of 12 characters or more of a secret would do harm; none may appear.
      const fragments = [secret, secret.slice(0, 12), secret.slice(-12)];
      for (const fragment of fragments) expect(logs.raw.filter((line) => line.includes(fragment))).toEqual([]);
    }
    // Requests are logged by method and URL: no header (where keys and SendGrid's signature travel) reaches a line.
    expect(logs.raw.filter((line) => /authorization|x-api-key|x-twilio|"headers"/i.test(line))).toEqual([]);
    expect(logs.lines.filter((line) => typeof line.request_id !== 'string' || (line.request_id as string).length === 0)).toEqual([]);
  });
});
