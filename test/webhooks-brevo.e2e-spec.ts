import request from 'supertest';
import * as fx from '../libs/bounce-handling/src/webhooks/providers/brevo/adapters/http/__fixtures__/brevo-events.fixtures';
import { createTestApp, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

// The e2e project's testTimeout does not reach the tests (it is a global option in Jest 30).
jest.setTimeout(60_000);

const URL = '/api/v1/webhooks/brevo';
type Event = Record<string, unknown>;

/** Two pairs, as during a rotation: Brevo's old URL and its new one both get in. */
const OLD_CREDENTIALS = `brevo-old:${Math.random().toString(36).slice(2)}`;
const NEW_CREDENTIALS = `brevo-new:${Math.random().toString(36).slice(2)}`;
const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;

let sequence = 0;
/** A fixture as another report: its own message and time unless given. */
function report(fixture: Event, fields: Event = {}): Event {
  sequence += 1;
  return { ...fixture, 'message-id': `<202601091300.${sequence}@smtp-relay.mailin.fr>`, ts_epoch: 1767967200000 + sequence, ...fields };
}

describe('Brevo webhook (e2e)', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const count = async (table: string, where = 'true') => (await sql<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`))[0].n;
  /** Posts `body` as Brevo does, with the credentials written in its webhook URL. */
  const post = (body: unknown, credentials: string | null = NEW_CREDENTIALS) => {
    const call = http()
      .post(URL)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
    return credentials === null ? call : call.set('Authorization', basic(credentials));
  };
  const subscriber = async (email: string, consecutiveSoftBounces = 0) =>
    sql('insert into subscribers (email, name, consecutive_soft_bounces) values (?, ?, ?)', [email, `Name of ${email}`, consecutiveSoftBounces]);
  const stateOf = async (email: string) =>
    (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];
  const receipt = (received: number, recorded: number, duplicates: number, ignored: number) => ({
    success: true,
    data: { received, recorded, duplicates, ignored },
  });

  beforeAll(async () => {
    testApp = await createTestApp({ BREVO_WEBHOOK_BASIC_AUTH: `${OLD_CREDENTIALS},${NEW_CREDENTIALS}` });
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('payloads', () => {
    it('stores a single hard_bounce with source brevo, its cause, ids, campaign and raw event, and answers with the counts', async () => {
      const response = await post(fx.HARD_BOUNCE);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(receipt(1, 1, 0, 0));
      const rows = await sql(
        'select email, bounce_type, bounce_subtype, diagnostic_code, source, campaign_id, provider_message_id, provider_event_id, reason, category, raw_payload from bounces',
      );
      expect(rows).toEqual([
        {
          email: 'john@example.com',
          bounce_type: 'hard',
          bounce_subtype: 'hard_bounce',
          diagnostic_code: fx.HARD_BOUNCE.reason,
          source: 'brevo',
          campaign_id: 'jan-2026',
          provider_message_id: fx.HARD_BOUNCE['message-id'],
          provider_event_id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
          reason: 'user_unknown',
          category: 'recipient',
          raw_payload: fx.HARD_BOUNCE,
        },
      ]);
    });

    it('stores a batched webhook (a JSON array) in one request, ignoring what says nothing about the mailbox, and a re-sent batch once', async () => {
      await subscriber('full@example.com', 1);
      const batch = [
        report(fx.HARD_BOUNCE),
        report(fx.SOFT_BOUNCE, { email: 'soft@example.com' }),
        report(fx.SPAM),
        report(fx.DELIVERED),
        report(fx.OPENED),
        report(fx.CLICK),
        42,
        report(fx.HARD_BOUNCE, { email: 'not an address' }),
      ];
      const first = await post(batch);
      expect(first.status).toBe(200);
      // A delivery stores no bounce: it is counted with the ignored.
      expect(first.body).toEqual(receipt(8, 3, 0, 5));
      expect(await count('bounces')).toBe(3);
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });

      const again = await post(batch);
      expect(again.body).toEqual(receipt(8, 0, 3, 5));
      expect(await count('bounces')).toBe(3);
    });

    it('stores a batch of one and answers an empty batch with zeros', async () => {
      expect((await post([report(fx.HARD_BOUNCE)])).body).toEqual(receipt(1, 1, 0, 0));
      expect((await post([])).body).toEqual(receipt(0, 0, 0, 0));
    });

    it('acknowledges every event that says nothing about the mailbox and stores nothing', async () => {
      for (const event of [
        fx.REQUEST,
        fx.DEFERRED,
        fx.OPENED,
        fx.UNIQUE_OPENED,
        fx.PROXY_OPEN,
        fx.CLICK,
        fx.UNSUBSCRIBED,
        fx.ERROR,
        fx.MARKETING_LIST_ADDITION,
      ]) {
        const response = await post(event);
        expect(response.status).toBe(200);
        expect(response.body).toEqual(receipt(1, 0, 0, 1));
      }
      expect(await count('bounces')).toBe(0);
      expect(await count('address_states')).toBe(0);
    });

    it('reads the marketing webhook’s names: hardBounce suppresses, two campaigns’ bounces are two reports', async () => {
      await subscriber('john@example.com');
      expect((await post(fx.MARKETING_HARD_BOUNCE)).body).toEqual(receipt(1, 1, 0, 0));
      expect((await post({ ...fx.MARKETING_HARD_BOUNCE, camp_id: 58, id: 1046380 })).body).toEqual(receipt(1, 1, 0, 0));
      expect((await post(fx.MARKETING_HARD_BOUNCE)).body).toEqual(receipt(1, 0, 1, 0));
      expect(await stateOf('john@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
    });

    it('links the bounce to the campaign named in X-Mailin-custom as key:value pairs, rather than to its tag', async () => {
      await sql("insert into campaigns (id, name) values ('mar-2026', 'March Newsletter')");
      await post(report(fx.HARD_BOUNCE, { 'X-Mailin-custom': 'campaign_id:mar-2026|user:42', tag: 'other' }));
      expect(await sql('select campaign_id from bounces')).toEqual([{ campaign_id: 'mar-2026' }]);
    });
  });

  describe('classification end to end', () => {
    it.each([
      ['a hard_bounce for an unknown user', 'bounced', 'user_unknown', 'recipient', fx.HARD_BOUNCE],
      ['an invalid_email', 'bounced', 'user_unknown', 'recipient', fx.INVALID_EMAIL],
      ['a blocked for an address on Brevo’s blocklist', 'bounced', 'suppressed', 'recipient', fx.BLOCKED_BLOCKLISTED_ADDRESS],
      ['a blocked for the sender’s sake', 'active', 'blocked', 'sender', fx.BLOCKED_SENDER],
      ['a blocked without a reason', 'active', 'blocked', 'sender', fx.BLOCKED_WITHOUT_REASON],
      ['a hard_bounce whose server refused the sender', 'active', 'blocked', 'sender', fx.HARD_BOUNCE_SENDER_BLOCKED],
    ])('%s leaves the subscriber %s (%s, %s)', async (_case, status, reason, category, event) => {
      const email = String(event.email);
      await subscriber(email);
      const response = await post(event);
      expect(response.body).toEqual(receipt(1, 1, 0, 0));
      expect(await sql('select reason, category from bounces')).toEqual([{ reason, category }]);
      expect((await stateOf(email)).status).toBe(status);
    });

    it('ignores a blocked for an unsubscribed contact, changing nothing', async () => {
      await subscriber('left@example.com');
      expect((await post(fx.BLOCKED_UNSUBSCRIBED)).body).toEqual(receipt(1, 0, 0, 1));
      expect(await stateOf('left@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
    });

    it('counts soft_bounce reports toward the threshold, one per message, and a delivered resets the count', async () => {
      await subscriber('full@example.com');
      await post(report(fx.SOFT_BOUNCE));
      await post(report(fx.SOFT_BOUNCE));
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
      await post(report(fx.DELIVERED));
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      for (let i = 0; i < 3; i += 1) await post(report(fx.SOFT_BOUNCE));
      expect((await stateOf('full@example.com')).status).toBe('bounced');
    });

    it.each([
      ['spam', fx.SPAM],
      ['complaint', fx.COMPLAINT],
      ['a marketing spam', fx.MARKETING_SPAM],
    ])('unsubscribes on %s', async (_case, event) => {
      await subscriber('jane@example.com');
      expect((await post(event)).body).toEqual(receipt(1, 1, 0, 0));
      expect((await stateOf('jane@example.com')).status).toBe('unsubscribed');
    });
  });

  describe('authenticity and refusals', () => {
    it('accepts either pair of credentials during a rotation', async () => {
      expect((await post(report(fx.HARD_BOUNCE), OLD_CREDENTIALS)).status).toBe(200);
      expect((await post(report(fx.HARD_BOUNCE), NEW_CREDENTIALS)).status).toBe(200);
      expect(await count('bounces')).toBe(2);
    });

    it.each([
      ['no credentials', null],
      ['a wrong password', `${NEW_CREDENTIALS.split(':')[0]}:wrong`],
      ['a user without a password', 'brevo-new'],
    ])('answers 401 to %s and stores nothing', async (_case, credentials) => {
      const response = await post(fx.HARD_BOUNCE, credentials);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      expect(await count('bounces')).toBe(0);
    });

    it('answers 401 to a bearer token in place of Basic credentials', async () => {
      const response = await http().post(URL).set('Content-Type', 'application/json').set('Authorization', `Bearer ${NEW_CREDENTIALS}`).send(fx.HARD_BOUNCE);
      expect(response.status).toBe(401);
    });

    it('answers 400 to an object that is no Brevo event (retrying it cannot help), naming what it wants', async () => {
      const response = await post({ items: [{ Uuid: ['x'] }] });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain('`event`');
    });

    it('answers 503 when the database is unavailable, so that Brevo retries', async () => {
      const other = await createTestApp({ BREVO_WEBHOOK_BASIC_AUTH: NEW_CREDENTIALS });
      try {
        await other.database.drop();
        const response = await request(other.app.getHttpServer())
          .post(URL)
          .set('Content-Type', 'application/json')
          .set('Authorization', basic(NEW_CREDENTIALS))
          .send(JSON.stringify(fx.HARD_BOUNCE));
        expect(response.status).toBe(503);
      } finally {
        await other.app.close().catch(() => undefined);
      }
    });

    it('refuses to start with a value that is not user:password pairs, naming BREVO_WEBHOOK_BASIC_AUTH', async () => {
      await expect(createTestApp({ BREVO_WEBHOOK_BASIC_AUTH: 'no-password' })).rejects.toThrow(/BREVO_WEBHOOK_BASIC_AUTH/);
    });
  });

  it('is documented in Swagger with its single and batched bodies and every answer', async () => {
    const document = (await http().get('/docs-json')).body;
    const operation = document.paths[URL].post;
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '413', '503']);
    expect(operation.security).toBeUndefined();
    const examples = operation.requestBody.content['application/json'].examples;
    expect(examples.single.value).toMatchObject({ event: 'hard_bounce' });
    expect(examples.batched.value).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'spam' })]));
  });
});
