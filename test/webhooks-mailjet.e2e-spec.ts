import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

// The e2e project's testTimeout does not reach the tests (it is a global option in Jest 30).
jest.setTimeout(60_000);

const URL = '/api/v1/webhooks/mailjet';
const FIXTURES = join(__dirname, '../libs/bounce-handling/src/webhooks/providers/mailjet/adapters/http/__fixtures__');

/** One of Mailjet's documented events as JSON text, its big `MessageID` as Mailjet writes it. */
const fixtureText = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
type Event = Record<string, unknown>;

let sequence = 0;
/** A fixture about `email`, with its own MessageID and time (a report of its own) unless given. */
function event(name: string, email: string, extra: Event = {}): Event {
  sequence += 1;
  return { ...(JSON.parse(fixtureText(name)) as Event), email, MessageID: `${19421777835150000 + sequence}`, time: 1767970000 + sequence, ...extra };
}

const basic = (userPassword: string) => `Basic ${Buffer.from(userPassword).toString('base64')}`;

describe('Mailjet webhook (e2e)', () => {
  const CURRENT = 'mailjet-hooks:c0rrect-h0rse';
  const NEXT = 'mailjet-hooks:battery-staple';
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const count = async (table: string, where = 'true') => (await sql<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`))[0].n;
  /** Posts `body` byte for byte with the credentials Mailjet sends from the webhook URL. */
  const post = (body: unknown, credentials = CURRENT) =>
    http()
      .post(URL)
      .set('Content-Type', 'application/json')
      .set('Authorization', basic(credentials))
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  const subscriber = async (email: string, consecutiveSoftBounces = 0) =>
    sql('insert into subscribers (email, name, consecutive_soft_bounces) values (?, ?, ?)', [email, `Name of ${email}`, consecutiveSoftBounces]);
  const stateOf = async (email: string) =>
    (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];

  beforeAll(async () => {
    // Two pairs, as during a rotation.
    testApp = await createTestApp({ MAILJET_WEBHOOK_BASIC_AUTH: `${CURRENT},${NEXT}` });
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('credentials', () => {
    it('accepts either pair of a rotation, and refuses another password, another user, none, or another scheme with 401', async () => {
      expect((await post(event('open', 'a@example.com'), CURRENT)).status).toBe(200);
      expect((await post(event('open', 'a@example.com'), NEXT)).status).toBe(200);
      for (const credentials of ['mailjet-hooks:wrong', 'someone:c0rrect-h0rse']) {
        const response = await post(event('bounce-user-unknown', 'a@example.com'), credentials);
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      }
      const anonymous = await http()
        .post(URL)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(event('bounce-user-unknown', 'a@example.com')));
      expect(anonymous.status).toBe(401);
      const bearer = await http().post(URL).set('Content-Type', 'application/json').set('Authorization', `Bearer ${TEST_API_KEY}`).send('{}');
      expect(bearer.status).toBe(401);
      expect(await count('bounces')).toBe(0);
    });
  });

  describe('single and grouped events', () => {
    it('stores a single bounce with source mailjet, its cause, exact MessageID, key, campaign and raw event', async () => {
      await subscriber('john@example.com');
      const body = fixtureText('bounce-user-unknown').replace('"CustomID": ""', '"CustomID": "jan-2026"');
      const response = await post(body);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true, data: { received: 1, recorded: 1, duplicates: 0, ignored: 0 } });
      const [row] = await sql<Record<string, unknown>>(
        "select email, bounce_type, bounce_subtype, diagnostic_code, source, campaign_id, provider_message_id, provider_event_id, reason, category, status, raw_payload->>'MessageID' as raw_message_id from bounces",
      );
      expect(row).toEqual({
        email: 'john@example.com',
        bounce_type: 'hard',
        bounce_subtype: 'recipient: user unknown',
        diagnostic_code: '550 5.1.1 <john@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
        source: 'mailjet',
        campaign_id: 'jan-2026',
        provider_message_id: '19421777835146492',
        provider_event_id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        reason: 'user_unknown',
        category: 'recipient',
        status: '5.1.1',
        raw_message_id: '19421777835146492',
      });
      expect(await stateOf('john@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
      // Mailjet re-sends the same bytes: recorded once.
      expect((await post(body)).body.data).toEqual({ received: 1, recorded: 0, duplicates: 1, ignored: 0 });
    });

    it('stores a grouped request event by event: a bounce, a preblock, a complaint, a delivery, and an open ignored', async () => {
      await subscriber('john@example.com');
      await subscriber('bounced-before@example.com');
      await subscriber('angry@example.com');
      await subscriber('api@example.com', 2);
      const response = await post(fixtureText('grouped'));
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 5, recorded: 3, duplicates: 0, ignored: 2 });
      expect(await sql('select email, bounce_type, category from bounces order by email')).toEqual([
        { email: 'angry@example.com', bounce_type: 'complaint', category: 'complaint' },
        { email: 'bounced-before@example.com', bounce_type: 'soft', category: 'sender' },
        { email: 'john@example.com', bounce_type: 'hard', category: 'recipient' },
      ]);
      expect(await stateOf('john@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
      expect(await stateOf('bounced-before@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await stateOf('angry@example.com')).toMatchObject({ status: 'unsubscribed' });
      expect(await stateOf('api@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
    });

    it('tells apart two MessageIDs over 2^53 that a JavaScript number would round into one', async () => {
      const first = fixtureText('bounce-quota-exceeded');
      const second = first.replace('19421777835146494', '19421777835146495');
      expect(JSON.parse(first).MessageID).toBe(JSON.parse(second).MessageID); // what the rounding would do
      await post(first);
      await post(second);
      expect(await sql('select provider_message_id from bounces order by provider_message_id')).toEqual([
        { provider_message_id: '19421777835146494' },
        { provider_message_id: '19421777835146495' },
      ]);
    });

    it('answers an empty group 200 with nothing received', async () => {
      expect((await post('[]')).body).toEqual({ success: true, data: { received: 0, recorded: 0, duplicates: 0, ignored: 0 } });
    });

    it('answers 400 to a body that is no event and no group, after checking the credentials', async () => {
      const response = await post('{"Type":"Notification"}');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
      expect((await post('{"Type":"Notification"}', 'mailjet-hooks:wrong')).status).toBe(401);
    });
  });

  describe('why it bounced, end to end', () => {
    it('records a sender block (spam / sender blocked, hard by Mailjet) and leaves the subscriber active, its count untouched', async () => {
      await subscriber('jane@example.com', 1);
      await post(event('bounce-sender-blocked', 'jane@example.com'));
      expect(await sql('select bounce_type, reason, category from bounces')).toEqual([{ bounce_type: 'soft', reason: 'blocked', category: 'sender' }]);
      expect(await stateOf('jane@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });

    it("records Mailjet's preblocked as the sender's: the address stays active", async () => {
      await subscriber('bounced-before@example.com');
      await post(event('blocked-preblocked', 'bounced-before@example.com'));
      expect(await sql('select bounce_type, reason, category, bounce_subtype from bounces')).toEqual([
        { bounce_type: 'soft', reason: 'blocked', category: 'sender', bounce_subtype: 'blocked: mailjet: preblocked' },
      ]);
      expect(await stateOf('bounced-before@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
    });

    it('suppresses an unknown user and an invalid domain', async () => {
      await subscriber('gone@example.com');
      await subscriber('invalid@invalid');
      await post([event('bounce-user-unknown', 'gone@example.com'), event('bounce-invalid-domain', 'invalid@invalid')]);
      expect(await stateOf('gone@example.com')).toMatchObject({ status: 'bounced' });
      expect(await stateOf('invalid@invalid')).toMatchObject({ status: 'bounced' });
    });

    it('counts a full mailbox as soft and ends the run on sent', async () => {
      await subscriber('full@example.com', 1);
      await post(event('bounce-quota-exceeded', 'full@example.com'));
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
      await post(event('sent', 'full@example.com'));
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
    });

    it('unsubscribes a recipient Mailjet blocked as a spam reporter', async () => {
      await subscriber('angry@example.com');
      await post(event('blocked-spam-reporter', 'angry@example.com'));
      expect(await sql('select bounce_type from bounces')).toEqual([{ bounce_type: 'complaint' }]);
      expect(await stateOf('angry@example.com')).toMatchObject({ status: 'unsubscribed' });
    });

    it('ignores duplicate in campaign, blacklisted, a soft greylisting, open, click and unsub: nothing stored, the address unchanged', async () => {
      await subscriber('someone@example.com', 1);
      const response = await post(
        ['blocked-duplicate-in-campaign', 'blocked-blacklisted', 'bounce-greylisted', 'open', 'click', 'unsub'].map((name) =>
          event(name, 'someone@example.com'),
        ),
      );
      expect(response.body.data).toEqual({ received: 6, recorded: 0, duplicates: 0, ignored: 6 });
      expect(await count('bounces')).toBe(0);
      expect(await stateOf('someone@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });
  });

  describe('campaign', () => {
    it('links bounces by CustomID, a JSON Payload, a plain Payload or customcampaign, and shows the campaign name', async () => {
      await sql("insert into campaigns (id, name) values ('jan-2026', 'January'), ('feb-2026', 'February'), ('mar-2026', 'March')");
      await post([
        event('bounce-user-unknown', 'a@example.com', { CustomID: 'jan-2026' }),
        event('bounce-user-unknown', 'b@example.com', { Payload: '{"campaign_id":"feb-2026"}' }),
        event('bounce-user-unknown', 'c@example.com', { Payload: 'mar-2026' }),
        event('bounce-user-unknown', 'd@example.com', { customcampaign: 'jan-2026' }),
        event('bounce-user-unknown', 'e@example.com'),
      ]);
      const listed = await http().get('/api/v1/bounces?limit=10').set('Authorization', `Bearer ${TEST_API_KEY}`).expect(200);
      const byEmail = Object.fromEntries(
        listed.body.data.bounces.map((bounce: { email: string; campaign_name: string | null }) => [bounce.email, bounce.campaign_name]),
      );
      expect(byEmail).toEqual({
        'a@example.com': 'January',
        'b@example.com': 'February',
        'c@example.com': 'March',
        'd@example.com': 'January',
        'e@example.com': null,
      });
    });
  });
});
