import request from 'supertest';
import { BouncesFacade } from '../libs/bounce-handling/src/bounces/application/bounces.facade';
import { MAX_ADDRESSES_PER_TRANSACTION } from '../libs/bounce-handling/src/bounces/application/ingest-delivery-events.use-case';
import { SendGridSigner } from './support/sendgrid-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

// The e2e project's testTimeout does not reach the tests (it is a global option in Jest 30).
jest.setTimeout(60_000);

const URL = '/api/v1/webhooks/sendgrid';
type Event = Record<string, unknown>;

let sequence = 0;
/** A SendGrid event with a fresh sg_event_id and message id unless given. */
function sgEvent(fields: Event): Event {
  sequence += 1;
  return {
    timestamp: 1767960000 + sequence,
    'smtp-id': `<msg-${sequence}@ismtpd-555>`,
    sg_event_id: `ZXZlbnQt${sequence}`,
    sg_message_id: `bXNn${sequence}.filterdrecv-p3las1-1-${sequence}.0`,
    ...fields,
  };
}
const hardBounce = (email: string, extra: Event = {}) =>
  sgEvent({ email, event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown', bounce_classification: 'Invalid Address', ...extra });
/** A temporary refusal of the address (a full mailbox): a soft bounce that counts (a block of the sender would not: rule 11). */
const blocked = (email: string, extra: Event = {}) =>
  sgEvent({
    email,
    event: 'bounce',
    type: 'blocked',
    status: '4.2.2',
    reason: '452 4.2.2 The email account that you tried to reach is over quota',
    bounce_classification: 'Mailbox Unavailable',
    ...extra,
  });

describe('SendGrid webhook (e2e)', () => {
  const signer = SendGridSigner.generate();
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const count = async (table: string, where = 'true') => (await sql<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`))[0].n;
  /** Posts `body` byte for byte, signed as SendGrid signs. */
  const post = (events: unknown, headers: Record<string, string> = {}) => {
    const body = typeof events === 'string' ? events : JSON.stringify(events);
    return http().post(URL).set('Content-Type', 'application/json').set(signer.headers(body)).set(headers).send(body);
  };
  const subscriber = async (email: string, consecutiveSoftBounces = 0) =>
    sql('insert into subscribers (email, name, consecutive_soft_bounces) values (?, ?, ?)', [email, `Name of ${email}`, consecutiveSoftBounces]);
  const stateOf = async (email: string) =>
    (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];

  beforeAll(async () => {
    testApp = await createTestApp({ SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKeyBase64Der });
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('accepted events', () => {
    it('stores a bounce with source sendgrid, its classification, ids, campaign and raw event, and answers with the counts', async () => {
      const event = hardBounce('john@example.com', {
        sg_event_id: 'YmNrLTEyMzQ1Njc4OTAtMQ',
        sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
        reason: '550 Requested action not taken: mailbox unavailable',
        campaign_id: 'jan-2026',
        category: ['newsletter'],
      });
      const response = await post([event]);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true, data: { received: 1, recorded: 1, duplicates: 0, ignored: 0 } });
      expect(
        await sql(
          'select email, bounce_type, bounce_subtype, diagnostic_code, source, campaign_id, provider_message_id, provider_event_id, raw_payload from bounces',
        ),
      ).toEqual([
        {
          email: 'john@example.com',
          bounce_type: 'hard',
          bounce_subtype: 'Invalid Address',
          diagnostic_code: '550 Requested action not taken: mailbox unavailable (status 5.1.1)',
          source: 'sendgrid',
          campaign_id: 'jan-2026',
          provider_message_id: '14c5d75ce93',
          provider_event_id: 'YmNrLTEyMzQ1Njc4OTAtMQ',
          raw_payload: event,
        },
      ]);
    });

    it('shows the campaign name in GET /api/v1/bounces when the campaign is registered, for a numeric campaign_id too', async () => {
      await sql("insert into campaigns (id, name) values ('jan-2026', 'January Newsletter'), ('42', 'Campaign 42')");
      await post([hardBounce('a@example.com', { campaign_id: 'jan-2026' }), blocked('b@example.com', { campaign_id: 42 }), hardBounce('c@example.com')]);
      const listed = await http()
        .get('/api/v1/bounces')
        .set({ Authorization: `Bearer ${TEST_API_KEY}` });
      expect(listed.status).toBe(200);
      const byEmail = Object.fromEntries(
        listed.body.data.bounces.map((bounce: { email: string; campaign_name: string | null; source: string }) => [
          bounce.email,
          [bounce.source, bounce.campaign_name],
        ]),
      );
      expect(byEmail).toEqual({
        'a@example.com': ['sendgrid', 'January Newsletter'],
        'b@example.com': ['sendgrid', 'Campaign 42'],
        'c@example.com': ['sendgrid', null],
      });
    });

    it('records a recipient such as invalid@invalid and normalises an address in mixed case', async () => {
      await subscriber('john.doe@example.com');
      const response = await post([hardBounce('invalid@invalid'), hardBounce('  John.Doe@Example.COM ', { category: 'a string category' })]);
      expect(response.body.data).toEqual({ received: 2, recorded: 2, duplicates: 0, ignored: 0 });
      expect(await sql('select email from bounces order by email')).toEqual([{ email: 'invalid@invalid' }, { email: 'john.doe@example.com' }]);
      expect(await stateOf('john.doe@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
    });

    it('acknowledges event types that say nothing about the mailbox and stores nothing', async () => {
      await subscriber('john@example.com', 1);
      const events = ['processed', 'deferred', 'open', 'click', 'unsubscribe', 'group_unsubscribe', 'group_resubscribe', 'machine_learning_event'].map(
        (event) => sgEvent({ email: 'john@example.com', event }),
      );
      events.push(
        ...['Unsubscribed Address', 'Invalid SMTPAPI header', 'Spam Content'].map((reason) => sgEvent({ email: 'john@example.com', event: 'dropped', reason })),
      );
      const response = await post(events);
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 11, recorded: 0, duplicates: 0, ignored: 11 });
      expect(await count('bounces')).toBe(0);
      expect(await count('address_states')).toBe(0);
      expect(await count('status_changes')).toBe(0);
      expect(await stateOf('john@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });

    it('keeps the rest of a batch when an element is not an object or names no usable address', async () => {
      const response = await post([null, 42, 'bounce', [hardBounce('x@example.com')], hardBounce('kept@example.com'), hardBounce('not-an-address')]);
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 6, recorded: 1, duplicates: 0, ignored: 5 });
      expect(await sql('select email from bounces')).toEqual([{ email: 'kept@example.com' }]);
    });

    it('accepts a signed batch posted with another content type', async () => {
      const body = JSON.stringify([hardBounce('plain@example.com')]);
      const response = await http().post(URL).set('Content-Type', 'text/plain').set(signer.headers(body)).send(body);
      expect(response.status).toBe(200);
      expect(await count('bounces')).toBe(1);
    });

    it('answers an empty batch with zeros', async () => {
      const response = await post([]);
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 0, recorded: 0, duplicates: 0, ignored: 0 });
    });
  });

  describe('the policy', () => {
    it('marks the subscriber bounced on a hard bounce, and on a drop for a bounced or invalid address', async () => {
      await Promise.all(['hard@example.com', 'dropped@example.com', 'invalid@example.com'].map((email) => subscriber(email)));
      await post([
        hardBounce('hard@example.com'),
        sgEvent({ email: 'dropped@example.com', event: 'dropped', reason: 'Bounced Address' }),
        sgEvent({ email: 'invalid@example.com', event: 'dropped', reason: 'Invalid' }),
      ]);
      for (const email of ['hard@example.com', 'dropped@example.com', 'invalid@example.com']) expect((await stateOf(email)).status).toBe('bounced');
      expect(await sql('select email, bounce_type, bounce_subtype from bounces')).toEqual(
        expect.arrayContaining([
          { email: 'hard@example.com', bounce_type: 'hard', bounce_subtype: 'Invalid Address' },
          { email: 'dropped@example.com', bounce_type: 'hard', bounce_subtype: 'Bounced Address' },
          { email: 'invalid@example.com', bounce_type: 'hard', bounce_subtype: 'Invalid' },
        ]),
      );
    });

    it('counts a block (type blocked) as soft, once per message across reports, and bounces the address at the threshold', async () => {
      await subscriber('full@example.com');
      await post([blocked('full@example.com', { sg_message_id: 'bWVzc2FnZS1h.filterdrecv-1.0' })]);
      await post([blocked('full@example.com', { sg_message_id: 'bWVzc2FnZS1h.filterdrecv-2.0' })]);
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
      expect(await count('bounces', "bounce_type = 'soft'")).toBe(2);
      await post([blocked('full@example.com', { sg_message_id: 'bWVzc2FnZS1i.filterdrecv-1.0' })]);
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
      await post([blocked('full@example.com', { sg_message_id: 'bWVzc2FnZS1j.filterdrecv-1.0' })]);
      expect(await stateOf('full@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 3 });
    });

    it('unsubscribes on a spam report and on a drop for a spam-reporting address', async () => {
      await subscriber('angry@example.com');
      await subscriber('reporter@example.com');
      await post([
        sgEvent({ email: 'angry@example.com', event: 'spamreport' }),
        sgEvent({ email: 'reporter@example.com', event: 'dropped', reason: 'Spam Reporting Address' }),
      ]);
      expect((await stateOf('angry@example.com')).status).toBe('unsubscribed');
      expect((await stateOf('reporter@example.com')).status).toBe('unsubscribed');
      expect(await sql('select email, bounce_type, bounce_subtype from bounces')).toEqual(
        expect.arrayContaining([
          { email: 'angry@example.com', bounce_type: 'complaint', bounce_subtype: null },
          { email: 'reporter@example.com', bounce_type: 'complaint', bounce_subtype: 'Spam Reporting Address' },
        ]),
      );
    });

    it('resets the soft count on a delivery, storing no bounce for it', async () => {
      await subscriber('back@example.com');
      await post([blocked('back@example.com'), blocked('back@example.com')]);
      expect(await stateOf('back@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
      const response = await post([sgEvent({ email: 'Back@Example.com', event: 'delivered', response: '250 OK' })]);
      expect(response.body.data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
      expect(await stateOf('back@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await count('bounces')).toBe(2);
      await post([blocked('back@example.com'), blocked('back@example.com')]);
      expect(await stateOf('back@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
    });
  });

  describe('idempotency', () => {
    it('stores and applies a re-sent webhook once', async () => {
      await subscriber('john@example.com');
      const batch = [hardBounce('john@example.com')];
      expect((await post(batch)).body.data).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });
      const again = await post(batch);
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual({ received: 1, recorded: 0, duplicates: 1, ignored: 0 });
      expect(await count('bounces')).toBe(1);
      expect(await count('status_changes')).toBe(1);
    });

    it('stores and applies a webhook re-sent 10 times concurrently once, answering every copy 200', async () => {
      await subscriber('full@example.com');
      const body = JSON.stringify([blocked('full@example.com')]);
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(body)));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(responses.map((response) => response.body.data.recorded).reduce((a: number, b: number) => a + b)).toBe(1);
      expect(responses.map((response) => response.body.data.duplicates).reduce((a: number, b: number) => a + b)).toBe(9);
      expect(await count('bounces')).toBe(1);
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });

    it('keeps the first of two distinct events that reuse one sg_event_id, answering the second as a duplicate', async () => {
      const response = await post([
        hardBounce('first@example.com', { sg_event_id: 'cmV1c2Vk' }),
        sgEvent({ email: 'second@example.com', event: 'spamreport', sg_event_id: 'cmV1c2Vk' }),
      ]);
      expect(response.body.data).toEqual({ received: 2, recorded: 1, duplicates: 1, ignored: 0 });
      expect(await sql('select email, bounce_type from bounces')).toEqual([{ email: 'first@example.com', bounce_type: 'hard' }]);
    });

    it('derives one key for an event without sg_event_id, however often it is re-sent', async () => {
      const { sg_event_id: _omitted, ...event } = hardBounce('noid@example.com');
      await post([event]);
      const again = await post([event]);
      expect(again.body.data).toEqual({ received: 1, recorded: 0, duplicates: 1, ignored: 0 });
      expect(await sql('select provider_event_id from bounces')).toEqual([{ provider_event_id: expect.stringMatching(/^derived:sha256:[0-9a-f]{64}$/) }]);
    });
  });

  describe('a batch of a thousand events', () => {
    /**
     * 1000 events to 990 distinct addresses: i % 10 picks the type; events 990–999 name
     * addresses 0–9 again, in upper case.
     */
    const TYPES: ((email: string, i: number) => Event)[] = [
      (email, i) => hardBounce(email, { campaign_id: i % 20 === 0 ? 'batch-campaign' : 7 }),
      (email) => hardBounce(email),
      (email) => blocked(email),
      (email) => sgEvent({ email, event: 'spamreport' }),
      (email) => sgEvent({ email, event: 'dropped', reason: 'Bounced Address' }),
      (email) => sgEvent({ email, event: 'dropped', reason: 'Unsubscribed Address' }),
      (email) => sgEvent({ email, event: 'delivered', response: '250 OK' }),
      (email) => sgEvent({ email, event: 'open' }),
      (email) => sgEvent({ email, event: 'processed' }),
      (email) => sgEvent({ email, event: 'deferred', response: '421 try later', attempt: '1' }),
    ];
    const batch = Array.from({ length: 1000 }, (_, i) => TYPES[i % 10](i < 990 ? `user${i}@example.com` : `USER${i - 990}@EXAMPLE.COM`, i));
    const body = JSON.stringify(batch);

    const expectBatchStored = async () => {
      expect(await sql('select bounce_type, count(*)::int as n from bounces group by bounce_type order by bounce_type')).toEqual([
        { bounce_type: 'complaint', n: 100 },
        { bounce_type: 'hard', n: 300 },
        { bounce_type: 'soft', n: 100 },
      ]);
      expect(await count('bounces', "source = 'sendgrid' and provider_event_id is not null")).toBe(500);
      expect(await count('bounces', "campaign_id = '7'")).toBe(50);
      expect(await sql('select status, count(*)::int as n from status_changes group by status order by status')).toEqual([
        { status: 'bounced', n: 297 },
        { status: 'unsubscribed', n: 99 },
      ]);
    };

    beforeEach(async () => {
      await subscriber('user0@example.com'); // hard twice (i = 0, 990)
      await subscriber('user2@example.com'); // blocked twice, two messages (i = 2, 992)
      await subscriber('user3@example.com'); // spam report
      await subscriber('user6@example.com', 2); // delivered
      await subscriber('user7@example.com'); // open
    });

    it('stores and applies the whole batch in one request, one ingestion and a transaction per 500 addresses', async () => {
      const ingest = jest.spyOn(testApp.app.get(BouncesFacade, { strict: false }), 'ingest');
      let transactions = 0;
      try {
        const response = await post(body);
        expect(response.status).toBe(200);
        expect(response.body.data).toEqual({ received: 1000, recorded: 500, duplicates: 0, ignored: 500 });
        expect(ingest).toHaveBeenCalledTimes(1);
        expect(ingest.mock.calls[0][0]).toHaveLength(600); // 500 bounces and complaints, 100 deliveries
        transactions = Math.ceil(new Set(ingest.mock.calls[0][0].map((event) => event.email.value)).size / MAX_ADDRESSES_PER_TRANSACTION);
      } finally {
        ingest.mockRestore();
      }
      await expectBatchStored();
      // Rows written by one transaction share its id: a few transactions, not one per event.
      const [{ n }] = await sql<{ n: number }>('select count(distinct xmin::text)::int as n from bounces');
      expect(transactions).toBe(2);
      expect(n).toBeLessThanOrEqual(transactions);
      expect(await stateOf('user0@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
      expect(await stateOf('user2@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
      expect(await stateOf('user3@example.com')).toEqual({ status: 'unsubscribed', consecutive_soft_bounces: 0 });
      expect(await stateOf('user6@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await stateOf('user7@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      const states = await sql<{ email: string; status: string }>(
        "select email, status from address_states where email in ('user1@example.com', 'user4@example.com', 'user13@example.com')",
      );
      expect(Object.fromEntries(states.map((row) => [row.email, row.status]))).toEqual({
        'user1@example.com': 'bounced',
        'user4@example.com': 'bounced',
        'user13@example.com': 'unsubscribed',
      });
    });

    it('stores nothing new when the batch is re-sent, once and then 10 times concurrently', async () => {
      expect((await post(body)).status).toBe(200);
      const again = await post(body);
      expect(again.body.data).toEqual({ received: 1000, recorded: 0, duplicates: 500, ignored: 500 });
      await expectBatchStored();

      const responses = await Promise.all(Array.from({ length: 10 }, () => post(body)));
      expect(responses.map((response) => [response.status, response.body.data?.recorded, response.body.data?.duplicates])).toEqual(
        Array(10).fill([200, 0, 500]),
      );
      await expectBatchStored();
      expect(await stateOf('user2@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
    });
  });

  describe('refusals', () => {
    const body = JSON.stringify([hardBounce('john@example.com')]);

    it.each([
      ['no signature headers', {}],
      ['a signature by another key', SendGridSigner.generate().headers(body)],
      [
        'a garbage signature',
        { 'X-Twilio-Email-Event-Webhook-Signature': 'bm90IGEgc2lnbmF0dXJl', 'X-Twilio-Email-Event-Webhook-Timestamp': String(Math.floor(Date.now() / 1000)) },
      ],
      ['a timestamp older than 72 hours', signer.headers(body, Math.floor(Date.now() / 1000) - 72 * 3600 - 60)],
      ['a timestamp 20 minutes ahead', signer.headers(body, Math.floor(Date.now() / 1000) + 20 * 60)],
    ])('answers 401 to %s and stores nothing', async (_case, headers) => {
      const response = await http().post(URL).set('Content-Type', 'application/json').set(headers).send(body);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      expect(await count('bounces')).toBe(0);
    });

    it('answers 401 to a signed body that was changed on the way', async () => {
      const headers = signer.headers(body);
      const response = await http().post(URL).set('Content-Type', 'application/json').set(headers).send(body.replace('john@', 'jane@'));
      expect(response.status).toBe(401);
      expect(await count('bounces')).toBe(0);
    });

    it('answers 401 to a signed timestamp that was changed on the way', async () => {
      const headers = signer.headers(body, Math.floor(Date.now() / 1000) - 10);
      headers['X-Twilio-Email-Event-Webhook-Timestamp'] = String(Number(headers['X-Twilio-Email-Event-Webhook-Timestamp']) + 1);
      expect((await http().post(URL).set('Content-Type', 'application/json').set(headers).send(body)).status).toBe(401);
    });

    it.each([
      ['an object', { email: 'john@example.com', event: 'bounce' }],
      ['an object holding the events', { events: [hardBounce('john@example.com')] }],
    ])('answers 400 to a signed body that is %s, not an array, storing nothing', async (_case, payload) => {
      const response = await post(payload);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining('JSON array') } });
      expect(await count('bounces')).toBe(0);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const response = await post('[{"email": "john@example.com", ');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    });

    it('answers 413 to a body over 10 MB', async () => {
      const response = await post(`[${JSON.stringify({ email: 'a@example.com', event: 'open', pad: 'x'.repeat(11 * 1024 * 1024) })}]`);
      expect(response.status).toBe(413);
    });
  });

  describe('configuration', () => {
    const body = JSON.stringify([hardBounce('john@example.com')]);

    it('refuses to start with a key that is not an ECDSA P-256 public key, naming SENDGRID_WEBHOOK_PUBLIC_KEY', async () => {
      await expect(createTestApp({ SENDGRID_WEBHOOK_PUBLIC_KEY: 'copied the wrong thing' })).rejects.toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY is not a public key/);
    });

    it.each([['unset', {}, 'not configured: set SENDGRID_WEBHOOK_PUBLIC_KEY']])(
      'answers 503 naming SENDGRID_WEBHOOK_PUBLIC_KEY when the key is %s, even to a signed post',
      async (_case, env, message) => {
        const other = await createTestApp(env);
        try {
          const response = await request(other.app.getHttpServer()).post(URL).set('Content-Type', 'application/json').set(signer.headers(body)).send(body);
          expect(response.status).toBe(503);
          expect(response.body).toMatchObject({ success: false, error: { code: 'NOT_CONFIGURED', message: expect.stringContaining(message) } });
          expect(await other.sql('select count(*)::int as n from bounces')).toEqual([{ n: 0 }]);
        } finally {
          await other.close();
        }
      },
    );

    it('accepts the key as PEM pasted into the environment with escaped line breaks', async () => {
      const other = await createTestApp({ SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKeyPem.trim().replace(/\n/g, '\\n') });
      try {
        const response = await request(other.app.getHttpServer()).post(URL).set('Content-Type', 'application/json').set(signer.headers(body)).send(body);
        expect(response.status).toBe(200);
        expect(await other.sql('select source from bounces')).toEqual([{ source: 'sendgrid' }]);
      } finally {
        await other.close();
      }
    });

    it('answers 503 when the database is unavailable, so that SendGrid retries', async () => {
      const other = await createTestApp({ SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKeyBase64Der });
      try {
        await other.database.drop();
        const response = await request(other.app.getHttpServer()).post(URL).set('Content-Type', 'application/json').set(signer.headers(body)).send(body);
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({ success: false, error: { code: 'SERVICE_UNAVAILABLE' } });
      } finally {
        await other.app.close().catch(() => undefined);
      }
    });
  });

  it('is documented in Swagger with its body, headers and every answer', async () => {
    const document = (await http().get('/docs-json')).body;
    const operation = document.paths[URL].post;
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '413', '503']);
    expect(operation.security).toBeUndefined();
    expect(operation.requestBody.content['application/json'].examples.batch.value).toEqual(
      expect.arrayContaining([expect.objectContaining({ event: 'bounce' })]),
    );
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['X-Twilio-Email-Event-Webhook-Signature', 'X-Twilio-Email-Event-Webhook-Timestamp']),
    );
  });
});
