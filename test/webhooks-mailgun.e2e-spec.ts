import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  aMailgunSigningKey,
  type FormField,
  mailgunSignature,
  multipartBody,
  nowInSeconds,
  signedMailgunForm,
  signedMailgunJson,
  urlencodedBody,
} from './support/mailgun-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

// Each app starts on a database of its own; under load that takes more than Jest's default 5 s.
jest.setTimeout(60_000);

const URL = '/api/v1/webhooks/mailgun';
const FIXTURES = join(__dirname, '../libs/bounce-handling/src/webhooks/providers/mailgun/adapters/http/__fixtures__');
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as T;
const eventData = (name: string, changes: Record<string, unknown> = {}) => ({
  ...fixture<{ 'event-data': Record<string, unknown> }>(name)['event-data'],
  ...changes,
});
const formFields = (name: string) => fixture<FormField[]>(name);

const received = (counts: { recorded?: number; duplicates?: number; ignored?: number }) => ({
  success: true,
  data: { received: 1, recorded: counts.recorded ?? 0, duplicates: counts.duplicates ?? 0, ignored: counts.ignored ?? 0 },
});

describe('Mailgun webhook (e2e)', () => {
  const key = aMailgunSigningKey();
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);

  const postJson = (body: unknown) => http().post(URL).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const postSignedJson = (data: unknown) => postJson(signedMailgunJson(key, data));
  const postUrlencoded = (fields: readonly FormField[]) =>
    http().post(URL).set('Content-Type', 'application/x-www-form-urlencoded').send(urlencodedBody(fields));
  const postMultipart = (fields: readonly FormField[]) => {
    const { contentType, body } = multipartBody(fields);
    return http().post(URL).set('Content-Type', contentType).send(body);
  };
  const subscriber = (email: string) =>
    sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]).then(
      ([row]) => row,
    );
  const bounces = () => sql('select email, bounce_type, bounce_subtype, source from bounces order by id');

  beforeAll(async () => {
    testApp = await createTestApp({ MAILGUN_WEBHOOK_SIGNING_KEY: key });
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('current (JSON) webhooks', () => {
    it('stores a permanent failure as a hard bounce with source mailgun and marks the subscriber bounced', async () => {
      await sql("insert into subscribers (email, name) values ('invalid@example.com', 'Ivy')");
      const data = eventData('json-failed-permanent-no-id');
      const response = await postSignedJson(data);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(received({ recorded: 1 }));
      const [row] = await sql(
        'select email, bounce_type, bounce_subtype, diagnostic_code, source, campaign_id, provider_message_id, provider_event_id, raw_payload, subscriber_id from bounces',
      );
      expect(row).toEqual({
        email: 'invalid@example.com',
        bounce_type: 'hard',
        bounce_subtype: 'bounce',
        diagnostic_code: expect.stringMatching(/^550 5\.1\.1 The email account/),
        source: 'mailgun',
        campaign_id: '42',
        provider_message_id: '20180812214658.1.0DF563D0B3597700@example.org',
        provider_event_id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        raw_payload: data,
        subscriber_id: '1',
      });
      expect(await subscriber('invalid@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
    });

    it('shows the campaign name in GET /api/v1/bounces when the campaign is registered', async () => {
      await sql("insert into campaigns (id, name) values ('42', 'January Newsletter')");
      expect((await postSignedJson(eventData('json-failed-permanent-no-id'))).status).toBe(200);
      const listed = await http().get('/api/v1/bounces').set('Authorization', `Bearer ${TEST_API_KEY}`);
      expect(listed.body.data.bounces).toEqual([
        expect.objectContaining({ email: 'invalid@example.com', source: 'mailgun', bounce_type: 'hard', campaign_name: 'January Newsletter' }),
      ]);
    });

    it('keys an event with an id by that id', async () => {
      await postSignedJson(eventData('json-failed-permanent-suppress-bounce'));
      expect(await sql('select provider_event_id, bounce_subtype from bounces')).toEqual([
        { provider_event_id: 'id:Ase7i2zsRYeDXztHGENqRA', bounce_subtype: 'suppress-bounce' },
      ]);
    });

    it('unsubscribes the subscriber on a complaint', async () => {
      await sql("insert into subscribers (email) values ('recipient@example.com')");
      const response = await postSignedJson(eventData('json-complained'));
      expect(response.body).toEqual(received({ recorded: 1 }));
      expect(await bounces()).toEqual([{ email: 'recipient@example.com', bounce_type: 'complaint', bounce_subtype: null, source: 'mailgun' }]);
      expect(await subscriber('recipient@example.com')).toMatchObject({ status: 'unsubscribed' });
    });

    it('counts four temporary-failure reports of one message as one soft bounce, and another message as a second', async () => {
      await sql("insert into subscribers (email) values ('undeliverable@nomx.example.com')");
      const base = Number(nowInSeconds(-4 * 3600));
      for (const attempt of [1, 2, 3, 4]) {
        const retry = eventData('json-failed-temporary-no-id', {
          timestamp: base + attempt * 1800 + 0.25,
          'delivery-status': { 'attempt-no': attempt, code: 498, message: 'No MX for nomx.example.com', 'retry-seconds': 1800 },
        });
        const response = await postSignedJson(retry);
        expect(response.body).toEqual(received({ recorded: 1 }));
      }
      // each report is kept (its own event), the message is counted once
      expect(await sql("select count(*)::int as n from bounces where bounce_type = 'soft'")).toEqual([{ n: 4 }]);
      expect(await subscriber('undeliverable@nomx.example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });

      await postSignedJson(eventData('json-failed-temporary-no-id', { message: { headers: { 'message-id': 'another-message@example.org' } } }));
      expect(await subscriber('undeliverable@nomx.example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
    });

    it('resets the soft-bounce count on a delivery, storing no bounce', async () => {
      await sql("insert into subscribers (email, consecutive_soft_bounces) values ('recipient@example.com', 2)");
      const response = await postSignedJson(eventData('json-delivered'));
      expect(response.status).toBe(200);
      expect(response.body).toEqual(received({ ignored: 1 }));
      expect(await subscriber('recipient@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await bounces()).toEqual([]);
    });
  });

  describe('legacy (form) webhooks', () => {
    it('reads an urlencoded form whose custom variables repeat Mailgun’s field names', async () => {
      await sql("insert into subscribers (email) values ('actual-recipient@example.com')");
      const response = await postUrlencoded(signedMailgunForm(key, formFields('legacy-colliding-variables')));
      expect(response.status).toBe(200);
      expect(response.body).toEqual(received({ recorded: 1 }));
      const rows = await sql('select email, bounce_type, bounce_subtype, campaign_id, provider_message_id, raw_payload from bounces');
      expect(rows).toEqual([
        {
          email: 'actual-recipient@example.com',
          bounce_type: 'hard',
          bounce_subtype: '550',
          campaign_id: 'jan-2026',
          provider_message_id: '20160421180800.1@example.com',
          raw_payload: expect.objectContaining({ event: ['bounced', 'metadata-event'], token: 'metadata-token', signature: 'metadata-signature' }),
        },
      ]);
      expect(await subscriber('actual-recipient@example.com')).toMatchObject({ status: 'bounced' });
    });

    it('reads the same form posted as multipart/form-data, written by hand', async () => {
      const response = await postMultipart(signedMailgunForm(key, formFields('legacy-colliding-variables')));
      expect(response.status).toBe(200);
      expect(response.body).toEqual(received({ recorded: 1 }));
      expect(await bounces()).toEqual([{ email: 'actual-recipient@example.com', bounce_type: 'hard', bounce_subtype: '550', source: 'mailgun' }]);
    });

    it('reads a multipart form built by an HTTP client, attachment and all', async () => {
      let post = http().post(URL);
      for (const [name, value] of signedMailgunForm(key, formFields('legacy-bounced'))) post = post.field(name, value);
      const response = await post.attach('attachment-1', Buffer.from('Subject: Undelivered\r\n\r\n550 5.1.1'), {
        filename: 'message.eml',
        contentType: 'message/rfc822',
      });
      expect(response.status).toBe(200);
      expect(await sql('select email, campaign_id from bounces')).toEqual([{ email: 'noreply@example.com', campaign_id: 'jan-2026' }]);
    });

    it.each([
      ['a previously bounced address (605) as a hard bounce', 'legacy-dropped-605', 'bounce@example.com', 'hard', 'bounced'],
      ['a previous complaint (607) as a complaint', 'legacy-dropped-607', 'complaint@example.com', 'complaint', 'unsubscribed'],
      ['a string code "5.1.1" as a hard bounce', 'legacy-bounced-string-code', 'noreply@example.com', 'hard', 'bounced'],
      ['a complaint as a complaint', 'legacy-complained', 'recipient@example.com', 'complaint', 'unsubscribed'],
    ])('stores %s', async (_case, name, email, bounceType, status) => {
      await sql('insert into subscribers (email) values (?)', [email]);
      const response = await postUrlencoded(signedMailgunForm(key, formFields(name)));
      expect(response.body).toEqual(received({ recorded: 1 }));
      expect(await bounces()).toEqual([expect.objectContaining({ email, bounce_type: bounceType, source: 'mailgun' })]);
      expect(await subscriber(email)).toMatchObject({ status });
    });

    it('resets the soft-bounce count on a legacy delivery', async () => {
      await sql("insert into subscribers (email, consecutive_soft_bounces) values ('recipient@example.com', 2)");
      const response = await postMultipart(signedMailgunForm(key, formFields('legacy-delivered')));
      expect(response.body).toEqual(received({ ignored: 1 }));
      expect(await subscriber('recipient@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
    });
  });

  describe('idempotency', () => {
    it('stores a webhook re-sent later once, answering 200 each time', async () => {
      await sql("insert into subscribers (email) values ('undeliverable@nomx.example.com')");
      const body = signedMailgunJson(key, eventData('json-failed-temporary-no-id'));
      expect((await postJson(body)).body).toEqual(received({ recorded: 1 }));
      const again = await postJson(body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(received({ duplicates: 1 }));
      // Mailgun signs each delivery afresh: the same event under a new signature is still a duplicate
      expect((await postSignedJson(eventData('json-failed-temporary-no-id'))).body).toEqual(received({ duplicates: 1 }));
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
      expect(await subscriber('undeliverable@nomx.example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });

    it('stores a legacy form re-sent later once, though each delivery is signed afresh', async () => {
      const fields = formFields('legacy-bounced');
      const now = Math.floor(Date.now() / 1000);
      expect((await postUrlencoded(signedMailgunForm(key, fields, { timestamp: String(now - 600) }))).body).toEqual(received({ recorded: 1 }));
      // Mailgun's retry, ten minutes later: a new timestamp, token and signature.
      expect((await postMultipart(signedMailgunForm(key, fields, { timestamp: String(now) }))).body).toEqual(received({ duplicates: 1 }));
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
    });

    it('stores a hard bounce delivered 10 times at once once, with one status change', async () => {
      await sql("insert into subscribers (email) values ('invalid@example.com')");
      const body = signedMailgunJson(key, eventData('json-failed-permanent-no-id'));
      const responses = await Promise.all(Array.from({ length: 10 }, () => postJson(body)));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(responses.map((response) => response.body.data.recorded).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
      expect(await sql('select previous_status, status, reason from status_changes')).toEqual([
        { previous_status: 'active', status: 'bounced', reason: 'hard-bounce' },
      ]);
    });

    it('counts a soft bounce delivered 10 times at once once', async () => {
      await sql("insert into subscribers (email) values ('undeliverable@nomx.example.com')");
      const body = signedMailgunJson(key, eventData('json-failed-temporary-no-id'));
      const responses = await Promise.all(Array.from({ length: 10 }, () => postJson(body)));
      expect(responses.every((response) => response.status === 200)).toBe(true);
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
      expect(await subscriber('undeliverable@nomx.example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });
  });

  describe('ignored events', () => {
    it.each([
      ['opened', 'json-opened'],
      ['clicked', 'json-clicked'],
      ['accepted', 'json-accepted'],
      ['rejected (no recipient)', 'json-rejected-no-recipient'],
      ['unsubscribed', 'json-unsubscribed'],
      ['stored', 'json-stored'],
      ['a greylisted temporary failure', 'json-failed-temporary-greylisted'],
      ['a failure on Mailgun’s unsubscribe list', 'json-failed-permanent-suppress-unsubscribe'],
    ])('acknowledges %s with 200 and stores nothing', async (_case, name) => {
      await sql("insert into subscribers (email, consecutive_soft_bounces) values ('recipient@example.com', 1)");
      const response = await postSignedJson(eventData(name));
      expect(response.status).toBe(200);
      expect(response.body).toEqual(received({ ignored: 1 }));
      expect(await bounces()).toEqual([]);
      expect(await sql('select count(*)::int as n from address_states')).toEqual([{ n: 0 }]);
    });

    it.each([
      ['opened', 'legacy-opened'],
      ['delivered without a recipient', 'legacy-delivered-no-recipient'],
      ['dropped as too old (not an address failure)', 'legacy-dropped-old'],
    ])('acknowledges a legacy %s with 200 and stores nothing', async (_case, name) => {
      const response = await postUrlencoded(signedMailgunForm(key, formFields(name)));
      expect(response.status).toBe(200);
      expect(response.body).toEqual(received({ ignored: 1 }));
      expect(await bounces()).toEqual([]);
    });

    it('acknowledges a failure for a recipient that cannot be an address, storing nothing', async () => {
      const response = await postSignedJson(eventData('json-failed-permanent-no-id', { recipient: 'not an address' }));
      expect(response.body).toEqual(received({ ignored: 1 }));
      expect(await bounces()).toEqual([]);
    });
  });

  describe('authenticity', () => {
    const expectUnauthorized = async (response: request.Response) => {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/Mailgun signature/) } });
      expect(await bounces()).toEqual([]);
    };
    const data = () => eventData('json-failed-permanent-no-id');

    it('answers 401 to a signature made with another key', async () => {
      await expectUnauthorized(await postJson(signedMailgunJson(aMailgunSigningKey(), data())));
    });

    it('answers 401 to a body without a signature', async () => {
      await expectUnauthorized(await postJson({ 'event-data': data() }));
    });

    it('answers 401 to a tampered token', async () => {
      const body = signedMailgunJson(key, data()) as { signature: { token: string } };
      body.signature.token = `${body.signature.token}x`;
      await expectUnauthorized(await postJson(body));
    });

    it('answers 401 to a signature more than 24 hours old, and accepts one 8 hours old', async () => {
      await expectUnauthorized(await postJson(signedMailgunJson(key, data(), { timestamp: nowInSeconds(-24 * 3600 - 60) })));
      expect((await postJson(signedMailgunJson(key, data(), { timestamp: nowInSeconds(-8 * 3600) }))).status).toBe(200);
    });

    it('answers 401 to a signature more than 15 minutes ahead', async () => {
      await expectUnauthorized(await postJson(signedMailgunJson(key, data(), { timestamp: nowInSeconds(16 * 60) })));
    });

    it('answers 401 to a legacy form without signature fields', async () => {
      await expectUnauthorized(await postUrlencoded(formFields('legacy-bounced').filter(([name]) => !['timestamp', 'token', 'signature'].includes(name))));
    });

    it('checks a legacy form’s last signature fields, not the custom variables that share their names', async () => {
      // Signed where the sender's variables sit (the first values), with Mailgun's own values left wrong.
      const timestamp = nowInSeconds();
      const forged = formFields('legacy-colliding-variables').map(([name, value]): FormField => {
        if (value === 'metadata-timestamp') return [name, timestamp];
        if (value === 'metadata-token') return [name, 'forged-token'];
        if (value === 'metadata-signature') return [name, mailgunSignature(key, timestamp, 'forged-token')];
        return [name, value];
      });
      await expectUnauthorized(await postMultipart(forged));
    });
  });

  describe('malformed bodies', () => {
    const expectNotAcceptable = async (response: request.Response, message?: RegExp) => {
      expect(response.status).toBe(406);
      expect(response.body).toMatchObject({
        success: false,
        error: { code: 'NOT_ACCEPTABLE', message: message ? expect.stringMatching(message) : expect.any(String) },
      });
      expect(await bounces()).toEqual([]);
    };

    it.each<[string, unknown, RegExp]>([
      ['no event-data', undefined, /no "event-data"/],
      ['event-data that is not an object', ['failed'], /"event-data" must be an object/],
      ['an event that is not a string', { event: 42, recipient: 'a@example.com' }, /"event-data.event"/],
      [
        'a recipient of the wrong type',
        { ...eventData('json-failed-permanent-no-id'), recipient: { address: 'a@example.com' } },
        /"event-data.recipient" must be a string/,
      ],
      [
        'message headers of the wrong type',
        { ...eventData('json-failed-permanent-no-id'), message: { headers: 'message-id: x' } },
        /"event-data.message.headers"/,
      ],
    ])('answers 406 to a signed body with %s', async (_case, data, message) => {
      await expectNotAcceptable(await postSignedJson(data), message);
    });

    it('answers 406 to a JSON body that is not an object', async () => {
      await expectNotAcceptable(await postJson([signedMailgunJson(key, eventData('json-delivered'))]));
    });

    it('answers 406 to a content type Mailgun does not post', async () => {
      await expectNotAcceptable(
        await http()
          .post(URL)
          .set('Content-Type', 'text/plain')
          .send(JSON.stringify(signedMailgunJson(key, eventData('json-delivered')))),
        /Unsupported content type "text\/plain"/,
      );
    });

    it('answers 406 to a multipart body that cannot be read', async () => {
      const { contentType, body } = multipartBody(signedMailgunForm(key, formFields('legacy-bounced')));
      await expectNotAcceptable(
        await http()
          .post(URL)
          .set('Content-Type', contentType)
          .send(body.subarray(0, body.length - 20)),
        /multipart form cannot be read/,
      );
    });

    it('answers 406 to a signed legacy form without an event', async () => {
      await expectNotAcceptable(await postUrlencoded(signedMailgunForm(key, [['recipient', 'a@example.com']])), /no "event" field/);
    });

    // The host leaves Mailgun's bodies to the webhook (src/http/body-parsers.ts): a 400 from a
    // generic JSON parser would make Mailgun retry for 8 hours.
    it('answers 406 to unparsable JSON', async () => {
      const response = await http().post(URL).set('Content-Type', 'application/json').send('{"signature": {');
      expect(response.body).toMatchObject({ success: false, error: { code: 'NOT_ACCEPTABLE' } });
      expect(response.status).toBe(406);
    });
  });

  it('is documented in the OpenAPI document with its content types and every answer', async () => {
    const document = (await http().get('/docs-json')).body;
    const operation = document.paths[URL].post;
    expect(Object.keys(operation.requestBody.content)).toEqual(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '401', '406', '413', '503']);
  });

  describe('without a signing key', () => {
    let unconfigured: TestApp;

    beforeAll(async () => {
      unconfigured = await createTestApp({});
    });

    afterAll(async () => {
      await unconfigured.close();
    });

    it('refuses every webhook with 503, naming MAILGUN_WEBHOOK_SIGNING_KEY', async () => {
      for (const post of [
        request(unconfigured.app.getHttpServer())
          .post(URL)
          .send(signedMailgunJson(key, eventData('json-failed-permanent-no-id'))),
        request(unconfigured.app.getHttpServer())
          .post(URL)
          .type('form')
          .send(urlencodedBody(signedMailgunForm(key, formFields('legacy-bounced')))),
      ]) {
        const response = await post;
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({
          success: false,
          error: { code: 'NOT_CONFIGURED', message: expect.stringContaining('MAILGUN_WEBHOOK_SIGNING_KEY') },
        });
      }
      expect(await unconfigured.sql('select count(*)::int as n from bounces')).toEqual([{ n: 0 }]);
    });
  });

  it('answers 503 when the database is unavailable, so that Mailgun retries', async () => {
    const doomed = await createTestApp({ MAILGUN_WEBHOOK_SIGNING_KEY: key });
    try {
      await doomed.database.drop();
      const response = await request(doomed.app.getHttpServer())
        .post(URL)
        .send(signedMailgunJson(key, eventData('json-failed-permanent-no-id')));
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ success: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      await doomed.app.close();
    }
  });
});
