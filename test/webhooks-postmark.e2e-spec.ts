import { randomBytes } from 'node:crypto';
import request from 'supertest';
import * as fx from '../libs/bounce-handling/src/webhooks/providers/postmark/adapters/http/__fixtures__/postmark-records.fixtures';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

// The app starts on a database of its own; under load that takes more than Jest's default 5 s.
jest.setTimeout(60_000);

const URL = '/api/v1/webhooks/postmark';
const aCredential = (user: string) => `${user}:${randomBytes(18).toString('base64url')}`;
const basic = (credential: string) => `Basic ${Buffer.from(credential, 'utf8').toString('base64')}`;

const received = (counts: { recorded?: number; duplicates?: number; ignored?: number }) => ({
  success: true,
  data: { received: 1, recorded: counts.recorded ?? 0, duplicates: counts.duplicates ?? 0, ignored: counts.ignored ?? 0 },
});

/**
 * What is particular to Postmark's webhook (docs/providers.md, "Postmark"): its record types and
 * bounce types through HTTP with real credentials, its rotation of credentials, and why it
 * bounced end to end. What every webhook promises is in test/webhooks-conformance.e2e-spec.ts.
 */
describe('Postmark webhook (e2e)', () => {
  // Two pairs during a rotation, as an operator configures them.
  const current = aCredential('postmark');
  const next = aCredential('postmark-next');
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);

  const postAs = (credential: string | null, record: unknown) => {
    const post = http().post(URL).set('Content-Type', 'application/json');
    if (credential !== null) post.set('Authorization', basic(credential));
    return post.send(typeof record === 'string' ? record : JSON.stringify(record));
  };
  const post = (record: unknown) => postAs(current, record);
  const subscribe = (email: string, consecutiveSoftBounces = 0) =>
    sql('insert into subscribers (email, consecutive_soft_bounces) values (?, ?)', [email, consecutiveSoftBounces]);
  const stateOf = async (email: string) =>
    (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];
  const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
  const sendability = async (email: string) =>
    (
      await http()
        .post('/api/v1/suppressions/check')
        .set('Authorization', `Bearer ${TEST_API_KEY}`)
        .send({ emails: [email] })
        .expect(200)
    ).body.data.results[0] as { sendable: boolean; reason: string | null };

  beforeAll(async () => {
    testApp = await createTestApp({ POSTMARK_WEBHOOK_BASIC_AUTH: `${current},${next}` });
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('credentials', () => {
    it('accepts either pair of a rotation', async () => {
      expect((await postAs(current, fx.HARD_BOUNCE)).body).toEqual(received({ recorded: 1 }));
      expect((await postAs(next, { ...fx.HARD_BOUNCE, ID: 1 })).body).toEqual(received({ recorded: 1 }));
      expect(await count('bounces')).toBe(2);
    });

    it.each([
      ['no credentials', null],
      ['a wrong password', `${current.split(':')[0]}:wrong-password`],
      ['an unknown user with a configured password', `someone-else:${current.split(':')[1]}`],
    ])('answers 401 to %s and stores nothing', async (_case, credential) => {
      const response = await postAs(credential, fx.HARD_BOUNCE);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      expect(await count('bounces')).toBe(0);
    });

    it('answers 401 to a Bearer token instead of Basic credentials', async () => {
      const response = await http().post(URL).set('Content-Type', 'application/json').set('Authorization', `Bearer ${TEST_API_KEY}`).send(fx.HARD_BOUNCE);
      expect(response.status).toBe(401);
    });
  });

  describe('records', () => {
    it('stores a hard bounce with its cause, ids, campaign and raw record, and suppresses the subscriber', async () => {
      await subscribe('john@example.com');
      const response = await post(fx.HARD_BOUNCE);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(received({ recorded: 1 }));
      expect(
        await sql(
          'select email, bounce_type, bounce_subtype, diagnostic_code, source, campaign_id, provider_message_id, provider_event_id, reason, category, status, raw_payload from bounces',
        ),
      ).toEqual([
        {
          email: 'john@example.com',
          bounce_type: 'hard',
          bounce_subtype: 'HardBounce',
          diagnostic_code: fx.HARD_BOUNCE.Details,
          source: 'postmark',
          campaign_id: 'jan-2026',
          provider_message_id: fx.HARD_BOUNCE.MessageID,
          provider_event_id: 'Bounce:4323372036',
          reason: 'user_unknown',
          category: 'recipient',
          status: '5.1.1',
          raw_payload: fx.HARD_BOUNCE,
        },
      ]);
      expect(await stateOf('john@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
    });

    it('unsubscribes on a SpamComplaint, keyed by its record type and ID', async () => {
      await subscribe('angry@example.com');
      expect((await post(fx.SPAM_COMPLAINT)).body).toEqual(received({ recorded: 1 }));
      expect(await sql('select email, bounce_type, bounce_subtype, provider_event_id, campaign_id from bounces')).toEqual([
        {
          email: 'angry@example.com',
          bounce_type: 'complaint',
          bounce_subtype: 'SpamComplaint',
          provider_event_id: 'SpamComplaint:4323372052',
          campaign_id: 'jan-2026',
        },
      ]);
      expect((await stateOf('angry@example.com')).status).toBe('unsubscribed');
    });

    it('unsubscribes on an unsubscribe request the recipient mailed (a Bounce of type Unsubscribe)', async () => {
      await subscribe('leaving@example.com');
      expect((await post(fx.UNSUBSCRIBE)).body).toEqual(received({ recorded: 1 }));
      expect((await stateOf('leaving@example.com')).status).toBe('unsubscribed');
    });

    it('counts soft bounces of three messages to the threshold, and a Delivery in between starts the run again', async () => {
      await subscribe('full@example.com');
      const soft = (n: number) => ({ ...fx.SOFT_BOUNCE_MAILBOX_FULL, ID: 5000 + n, MessageID: `message-${n}` });
      await post(soft(1));
      await post(soft(2));
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });

      expect((await post({ ...fx.DELIVERY, Recipient: 'full@example.com', MessageID: 'message-3' })).body).toEqual(received({ ignored: 1 }));
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });

      for (const n of [4, 5, 6]) await post(soft(n));
      expect(await stateOf('full@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 3 });
      expect(await sql("select distinct reason, category, bounce_type from bounces where email = 'full@example.com'")).toEqual([
        { reason: 'mailbox_full', category: 'mailbox', bounce_type: 'soft' },
      ]);
    });

    it('records a Transient bounce as soft, read from its Details', async () => {
      await subscribe('slow@example.com');
      await post(fx.TRANSIENT);
      expect(await sql('select bounce_type, reason, category from bounces')).toEqual([{ bounce_type: 'soft', reason: 'network_error', category: 'transient' }]);
      expect(await stateOf('slow@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });

    it('keeps two bounces whose IDs differ beyond 2^53 apart', async () => {
      const body = (id: string) => JSON.stringify(fx.HARD_BOUNCE).replace('"ID":4323372036', `"ID":${id}`);
      expect((await post(body('4323372036854775807'))).body).toEqual(received({ recorded: 1 }));
      expect((await post(body('4323372036854775806'))).body).toEqual(received({ recorded: 1 }));
      expect((await post(body('4323372036854775807'))).body).toEqual(received({ duplicates: 1 }));
      expect(await sql('select provider_event_id from bounces order by id')).toEqual([
        { provider_event_id: 'Bounce:4323372036854775807' },
        { provider_event_id: 'Bounce:4323372036854775806' },
      ]);
    });

    it('links a bounce to the campaign named by its Tag when its Metadata names none', async () => {
      await sql("insert into campaigns (id, name) values ('newsletter', 'The newsletter')");
      await post({ ...fx.HARD_BOUNCE, Metadata: {} });
      const listed = await http().get('/api/v1/bounces').set('Authorization', `Bearer ${TEST_API_KEY}`);
      expect(listed.body.data.bounces).toEqual([expect.objectContaining({ email: 'john@example.com', source: 'postmark', campaign_name: 'The newsletter' })]);
    });

    it.each([
      ['an Open', fx.OPEN],
      ['a Click', fx.CLICK],
      ['an AutoResponder bounce', fx.AUTO_RESPONDER],
      ['a ChallengeVerification bounce', fx.CHALLENGE_VERIFICATION],
      ['a record type not known yet', { ...fx.OPEN, RecordType: 'SomethingNew' }],
    ])('acknowledges %s and stores nothing', async (_case, record) => {
      await subscribe('john@example.com', 1);
      await subscribe('away@example.com', 1);
      await subscribe('guarded@example.com', 1);
      const response = await post(record);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(received({ ignored: 1 }));
      expect(await count('bounces')).toBe(0);
      expect(await count('status_changes')).toBe(0);
      expect(await sql('select distinct status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'active', consecutive_soft_bounces: 1 }]);
    });
  });

  describe('SubscriptionChange: a suppression or reactivation made in Postmark is not applied', () => {
    it('leaves an active subscriber active when Postmark suppresses the address', async () => {
      await subscribe('john@example.com');
      expect((await post(fx.SUBSCRIPTION_CHANGE_SUPPRESSED)).body).toEqual(received({ ignored: 1 }));
      expect(await stateOf('john@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await count('bounces')).toBe(0);
    });

    it('leaves a bounced address suppressed when Postmark reactivates it', async () => {
      await subscribe('john@example.com');
      await post(fx.HARD_BOUNCE);
      expect((await post(fx.SUBSCRIPTION_CHANGE_REACTIVATED)).body).toEqual(received({ ignored: 1 }));
      expect((await stateOf('john@example.com')).status).toBe('bounced');
      expect(await sendability('john@example.com')).toEqual({ email: 'john@example.com', sendable: false, reason: 'bounced' });
    });
  });

  describe('why it bounced', () => {
    it.each([
      ['Blocked', fx.BLOCKED, 'blocked'],
      ['DMARCPolicy', fx.DMARC_POLICY, 'auth_failure'],
      ['SpamNotification', fx.SPAM_NOTIFICATION, 'spam_detected'],
    ])('records %s as a refusal of the sender and leaves the subscriber active and mailable', async (_case, record, reason) => {
      await subscribe('jane@example.com');
      expect((await post(record)).body).toEqual(received({ recorded: 1 }));
      expect(await sql('select bounce_type, reason, category from bounces')).toEqual([{ bounce_type: 'soft', reason, category: 'sender' }]);
      expect(await stateOf('jane@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await sendability('jane@example.com')).toEqual({ email: 'jane@example.com', sendable: true, reason: null });
    });

    it('suppresses at once on an unknown user after refusals of the sender', async () => {
      await subscribe('jane@example.com');
      await post(fx.BLOCKED);
      await post(fx.DMARC_POLICY);
      await post({ ...fx.HARD_BOUNCE, Email: 'jane@example.com' });
      expect(await sql('select bounce_type, category from bounces order by id')).toEqual([
        { bounce_type: 'soft', category: 'sender' },
        { bounce_type: 'soft', category: 'sender' },
        { bounce_type: 'hard', category: 'recipient' },
      ]);
      expect(await sendability('jane@example.com')).toEqual({ email: 'jane@example.com', sendable: false, reason: 'bounced' });
    });

    it.each([
      ['BadEmailAddress', fx.BAD_EMAIL_ADDRESS, 'not-an-address@invalid', 'user_unknown'],
      ['ManuallyDeactivated', fx.MANUALLY_DEACTIVATED, 'gone@example.com', 'suppressed'],
    ])('suppresses on %s', async (_case, record, email, reason) => {
      await subscribe(email);
      await post(record);
      expect(await sql('select bounce_type, reason, category from bounces')).toEqual([{ bounce_type: 'hard', reason, category: 'recipient' }]);
      expect((await stateOf(email)).status).toBe('bounced');
    });

    it('records an Unknown bounce as undetermined and soft', async () => {
      await subscribe('odd@example.com');
      await post(fx.UNKNOWN);
      expect(await sql('select bounce_type, reason, category from bounces')).toEqual([
        { bounce_type: 'soft', reason: 'undetermined', category: 'undetermined' },
      ]);
      expect(await stateOf('odd@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });

    // Inactive says Postmark deactivated the address on its side; ours follows the type alone.
    it('counts a SoftBounce flagged Inactive as one soft bounce, without suppressing the address', async () => {
      await subscribe('full@example.com');
      await post({ ...fx.SOFT_BOUNCE_MAILBOX_FULL, Inactive: true, CanActivate: true });
      expect(await stateOf('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
      expect(await sendability('full@example.com')).toEqual({ email: 'full@example.com', sendable: true, reason: null });
    });

    it('suppresses on a HardBounce that Postmark did not flag Inactive', async () => {
      await subscribe('john@example.com');
      await post({ ...fx.HARD_BOUNCE, Inactive: false, CanActivate: false });
      expect((await stateOf('john@example.com')).status).toBe('bounced');
    });
  });
});
