import { randomBytes } from 'node:crypto';
import request from 'supertest';
import * as fx from '../libs/bounce-handling/src/webhooks/providers/sparkpost/adapters/http/__fixtures__/sparkpost-events.fixtures';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

// The e2e project's testTimeout does not reach the tests (it is a global option in Jest 30).
jest.setTimeout(60_000);

const URL = '/api/v1/webhooks/sparkpost';
type Event = Record<string, unknown>;

let sequence = 0;
/** A message event of the fixture's shape about `email`, with a fresh event_id and message_id unless given. */
function about(fixture: Event, email: string, extra: Event = {}): Event {
  sequence += 1;
  return { ...fixture, rcpt_to: email, raw_rcpt_to: email, event_id: `7${String(sequence).padStart(16, '0')}`, message_id: `0004e2e${sequence}`, ...extra };
}
const basic = (userPassword: string) => `Basic ${Buffer.from(userPassword).toString('base64')}`;

describe('SparkPost webhook (e2e)', () => {
  // Two pairs, as during a rotation; the passwords are made here, as a real set-up would make them.
  const current = `sparkpost:${randomBytes(18).toString('base64url')}`;
  const previous = `sparkpost-old:${randomBytes(18).toString('base64url')}`;
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const count = async (table: string, where = 'true') => (await sql<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`))[0].n;
  /** Posts message events as SparkPost does: a JSON array of `{ msys: { message_event } }`, with the URL's credentials. */
  const post = (elements: unknown, credentials = current) =>
    http()
      .post(URL)
      .set('Content-Type', 'application/json')
      .set('Authorization', basic(credentials))
      .send(typeof elements === 'string' ? elements : JSON.stringify(elements));
  const postEvents = (...events: Event[]) => post(events.map(fx.element));
  const subscriber = async (email: string, consecutiveSoftBounces = 0) =>
    sql('insert into subscribers (email, name, consecutive_soft_bounces) values (?, ?, ?)', [email, `Name of ${email}`, consecutiveSoftBounces]);
  const stateOf = async (email: string) =>
    (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];

  beforeAll(async () => {
    testApp = await createTestApp({ SPARKPOST_WEBHOOK_BASIC_AUTH: `${current},${previous}` });
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('credentials', () => {
    it('accepts either pair of a rotation', async () => {
      expect((await postEvents(about(fx.DELIVERY, 'a@example.com')).expect(200)).body.data.received).toBe(1);
      expect((await post([fx.element(about(fx.DELIVERY, 'a@example.com'))], previous).expect(200)).body.data.received).toBe(1);
    });

    it.each([
      ['no Authorization header', undefined],
      ['a bearer token', `Bearer ${TEST_API_KEY}`],
      ['a wrong password', basic('sparkpost:wrong')],
      ['the right password under another user', basic(`someone:${current.split(':')[1]}`)],
    ])('answers 401 to %s and stores nothing', async (_case, authorization) => {
      const call = http().post(URL).set('Content-Type', 'application/json');
      if (authorization !== undefined) call.set('Authorization', authorization);
      const response = await call.send(JSON.stringify([fx.element(about(fx.BOUNCE_INVALID_RECIPIENT, 'john@example.com'))]));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      expect(await count('bounces')).toBe(0);
    });
  });

  describe('payload shapes', () => {
    it('stores a bounce with source sparkpost, its class, cause, ids, campaign and raw event, and answers with the counts', async () => {
      const response = await postEvents(fx.BOUNCE_INVALID_RECIPIENT);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true, data: { received: 1, recorded: 1, duplicates: 0, ignored: 0 } });
      expect(
        await sql(
          'select email, bounce_type, bounce_subtype, diagnostic_code, source, campaign_id, provider_message_id, provider_event_id, reason, category, status, raw_payload from bounces',
        ),
      ).toEqual([
        {
          email: 'recipient@example.com',
          bounce_type: 'hard',
          bounce_subtype: '10',
          diagnostic_code: fx.BOUNCE_INVALID_RECIPIENT.raw_reason,
          source: 'sparkpost',
          campaign_id: 'jan-2026',
          provider_message_id: '000443ee14578172be22',
          provider_event_id: '92356927693813856',
          reason: 'user_unknown',
          category: 'recipient',
          status: '5.1.1',
          raw_payload: fx.BOUNCE_INVALID_RECIPIENT,
        },
      ]);
    });

    it('takes a batch of every shape: bounce, out_of_band, policy_rejection, spam_complaint and delivery recorded, the rest acknowledged', async () => {
      const batch = [
        fx.element(about(fx.BOUNCE_NO_RCPT, 'a@example.com')),
        fx.element(about(fx.OUT_OF_BAND, 'b@example.com')),
        fx.element(about(fx.POLICY_REJECTION, 'c@example.com')),
        fx.element(about(fx.SPAM_COMPLAINT, 'd@example.com')),
        fx.element(about(fx.DELIVERY, 'e@example.com')),
        fx.element(about(fx.INJECTION, 'f@example.com')),
        fx.element(about(fx.DELAY, 'g@example.com')),
        fx.element(about(fx.GENERATION_FAILURE, 'h@example.com')),
        fx.element(about(fx.BOUNCE_AUTO_REPLY, 'i@example.com')),
        fx.TRACK_EVENT_ELEMENT,
        fx.GEN_EVENT_ELEMENT,
        fx.UNSUBSCRIBE_EVENT_ELEMENT,
        fx.RELAY_EVENT_ELEMENT,
        fx.WEBHOOK_CHECK_ELEMENT,
        {},
        null,
      ];
      const response = await post(batch);
      expect(response.status).toBe(200);
      // The delivery stores no bounce: it is counted as ignored, as on every webhook.
      expect(response.body.data).toEqual({ received: 16, recorded: 4, duplicates: 0, ignored: 12 });
      expect(await sql('select email, bounce_type, category from bounces order by email')).toEqual([
        { email: 'a@example.com', bounce_type: 'hard', category: 'recipient' },
        { email: 'b@example.com', bounce_type: 'hard', category: 'recipient' },
        { email: 'c@example.com', bounce_type: 'soft', category: 'sender' },
        { email: 'd@example.com', bounce_type: 'complaint', category: 'complaint' },
      ]);
    });

    it("acknowledges SparkPost's check of a new webhook ([{ msys: {} }]) and an empty batch", async () => {
      expect((await post([fx.WEBHOOK_CHECK_ELEMENT]).expect(200)).body.data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
      expect((await post([]).expect(200)).body.data).toEqual({ received: 0, recorded: 0, duplicates: 0, ignored: 0 });
      expect(await count('bounces')).toBe(0);
    });

    it('records each recipient of a message with cc and bcc about its own rcpt_to', async () => {
      await Promise.all(['to@example.com', 'cc@example.com', 'bcc@example.com'].map((email) => subscriber(email)));
      const message = { message_id: '0004shared', transmission_id: '1' };
      const response = await postEvents(
        about(fx.BOUNCE_INVALID_RECIPIENT, 'to@example.com', { ...message, rcpt_type: 'to' }),
        about(fx.BOUNCE_INVALID_RECIPIENT, 'cc@example.com', { ...message, rcpt_type: 'cc' }),
        about(fx.BOUNCE_INVALID_RECIPIENT, 'bcc@example.com', { ...message, rcpt_type: 'bcc' }),
      );
      expect(response.body.data).toEqual({ received: 3, recorded: 3, duplicates: 0, ignored: 0 });
      for (const email of ['to@example.com', 'cc@example.com', 'bcc@example.com']) expect((await stateOf(email)).status).toBe('bounced');
    });

    it('records a re-posted batch once (event_id), answering 200 both times', async () => {
      const batch = [fx.element(about(fx.BOUNCE_MAILBOX_FULL, 'full@example.com')), fx.element(about(fx.SPAM_COMPLAINT, 'angry@example.com'))];
      expect((await post(batch).expect(200)).body.data).toEqual({ received: 2, recorded: 2, duplicates: 0, ignored: 0 });
      expect((await post(batch).expect(200)).body.data).toEqual({ received: 2, recorded: 0, duplicates: 2, ignored: 0 });
      expect(await count('bounces')).toBe(2);
    });

    it('answers 400 to a body that is an object, not the array SparkPost posts', async () => {
      const response = await post(fx.element(fx.BOUNCE_INVALID_RECIPIENT));
      expect(response.status).toBe(400);
      expect(await count('bounces')).toBe(0);
    });
  });

  describe('classification end to end', () => {
    it('leaves the subscriber active on a sender block (classes 50 to 54), whatever its words say', async () => {
      await subscriber('blocked@example.com');
      const response = await postEvents(
        about(fx.BOUNCE_SPAM_BLOCK, 'blocked@example.com'),
        about(fx.BOUNCE_MAIL_BLOCK_USER_WORDS, 'blocked@example.com'),
        about(fx.BOUNCE_RELAYING_DENIED, 'blocked@example.com'),
        about(fx.BOUNCE_SPAM_BLOCK, 'blocked@example.com', { bounce_class: '52' }),
        about(fx.BOUNCE_SPAM_BLOCK, 'blocked@example.com', { bounce_class: '53' }),
      );
      expect(response.body.data.recorded).toBe(5);
      expect(await stateOf('blocked@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await count('bounces', "category = 'sender'")).toBe(5);
    });

    it('leaves the subscriber active on a policy rejection whose class names no recipient', async () => {
      await subscriber('refused@example.com');
      await postEvents(about(fx.POLICY_REJECTION, 'refused@example.com'), about(fx.POLICY_REJECTION_USER_WORDS, 'refused@example.com'));
      expect(await stateOf('refused@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
    });

    it('suppresses an unknown user (class 10, and class 30) at once', async () => {
      await subscriber('gone@example.com');
      await postEvents(about(fx.BOUNCE_INVALID_RECIPIENT, 'gone@example.com'));
      expect((await stateOf('gone@example.com')).status).toBe('bounced');
      const check = await http()
        .post('/api/v1/suppressions/check')
        .set({ Authorization: `Bearer ${TEST_API_KEY}` })
        .send({ emails: ['gone@example.com', 'nobody@example.com'] })
        .expect(200);
      expect(check.body.data.results.map((result: { sendable: boolean }) => result.sendable)).toEqual([false, true]);
      await postEvents(about(fx.BOUNCE_NO_RCPT, 'nobody@example.com'));
      const again = await http()
        .post('/api/v1/suppressions/check')
        .set({ Authorization: `Bearer ${TEST_API_KEY}` })
        .send({ emails: ['nobody@example.com'] })
        .expect(200);
      expect(again.body.data.results[0].sendable).toBe(false);
    });

    it('counts mailbox-full bounces as soft, a delivery resets the count, and the third in a row bounces the subscriber', async () => {
      await subscriber('full@example.com');
      await postEvents(about(fx.BOUNCE_MAILBOX_FULL, 'full@example.com'), about(fx.BOUNCE_MAILBOX_FULL, 'full@example.com'));
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
      await postEvents(about(fx.DELIVERY, 'full@example.com'));
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      await postEvents(
        about(fx.BOUNCE_MAILBOX_FULL, 'full@example.com'),
        about(fx.BOUNCE_MAILBOX_FULL, 'full@example.com'),
        about(fx.BOUNCE_MAILBOX_FULL, 'full@example.com'),
      );
      expect(await stateOf('full@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 3 });
    });

    it('unsubscribes on a spam complaint, and ignores an auto-reply', async () => {
      await subscriber('angry@example.com');
      await subscriber('away@example.com', 1);
      await postEvents(about(fx.SPAM_COMPLAINT, 'angry@example.com'), about(fx.BOUNCE_AUTO_REPLY, 'away@example.com'));
      expect((await stateOf('angry@example.com')).status).toBe('unsubscribed');
      expect(await stateOf('away@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });
  });
});
