import request from 'supertest';
import { sesFixture } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__';
import { resendFixture } from '../libs/bounce-handling/src/webhooks/providers/resend/adapters/http/__fixtures__';
import { type ProviderEvent, type WebhookProvider, WEBHOOK_PROVIDERS } from './support/webhook-providers';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

jest.setTimeout(60_000);

const EMAIL = 'reader@example.com';

/**
 * Each provider's report that the receiver refused the sender, not the address, in the
 * provider's own JSON; `n` makes the report and its message new. The provider's own word is
 * the harshest it has: SES `Permanent`, Mailgun `permanent`, SendGrid `type: bounce`.
 */
const SENDER_REFUSALS: Readonly<Record<string, (email: string, n: number) => ProviderEvent>> = {
  // A block list (Spamhaus) answered the sending IP.
  ses: (email, n) => {
    const event = sesFixture('bounce-permanent.event-publishing');
    return {
      ...event,
      mail: { ...(event.mail as object), messageId: `blocked-message-${n}` },
      bounce: {
        ...(event.bounce as object),
        bounceType: 'Permanent',
        bounceSubType: 'General',
        feedbackId: `blocked-report-${n}`,
        remoteMtaIp: '192.0.2.25',
        bouncedRecipients: [
          {
            emailAddress: email,
            action: 'failed',
            status: '5.7.1',
            diagnosticCode:
              'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7',
          },
        ],
      },
    };
  },
  // The sending domain's DMARC policy was not met (Gmail's 5.7.26).
  mailgun: (email, n) => ({
    event: 'failed',
    severity: 'permanent',
    reason: 'bounce',
    id: `dmarc-rejection-${n}`,
    timestamp: 1768046400.5 + n,
    recipient: email,
    message: { headers: { to: email, 'message-id': `dmarc-message-${n}@mailpass.example`, from: 'sender@mailpass.example' } },
    'delivery-status': {
      'mx-host': 'gmail-smtp-in.l.google.com',
      'attempt-no': 1,
      code: 550,
      message:
        "5.7.26 Unauthenticated email from mailpass.example is not accepted due to domain's DMARC policy. Please contact the administrator of mailpass.example domain if this was a legitimate mail.",
      description: '',
    },
  }),
  // SendGrid classified the refusal as the sender's reputation.
  sendgrid: (email, n) => ({
    email,
    timestamp: 1768046400 + n,
    event: 'bounce',
    type: 'bounce',
    status: '5.7.1',
    reason: '550 5.7.1 Message rejected because of the poor reputation of the sending IP address',
    bounce_classification: 'Reputation',
    sg_event_id: `cmVwdXRhdGlvbi0${n}`,
    sg_message_id: `reputation-message-${n}.filterdrecv-1.0`,
  }),
  // Postmark filed the refusal as an ISP block (Blocked, TypeCode 100006).
  postmark: (email, n) => ({
    RecordType: 'Bounce',
    ID: 7700000 + n,
    Type: 'Blocked',
    TypeCode: 100006,
    Name: 'ISP block',
    MessageID: `blocked-message-${n}`,
    MessageStream: 'outbound',
    Description: 'The ISP or spam filter has blocked this email.',
    Details: 'smtp;550 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
    Email: email,
    BouncedAt: '2026-01-10T12:00:00Z',
    Inactive: false,
    CanActivate: true,
  }),
  // Brevo called it a hard bounce; the server refused the sending IP (a block list).
  brevo: (email, n) => ({
    event: 'hard_bounce',
    email,
    id: 3017431,
    date: '2026-01-09 13:20:00',
    ts: 1767964800 + n,
    ts_event: 1767964800 + n,
    ts_epoch: 1767964800123 + n,
    'message-id': `<blocked-message-${n}@smtp-relay.mailin.fr>`,
    subject: 'January newsletter',
    reason: 'RecipientError: 550 5.7.1 Service unavailable, Client host [185.41.28.109] blocked using Spamhaus',
  }),
  // Resend called it Permanent; a block list (Spamhaus) answered the sending IP. Each post is a new Svix message.
  resend: (email, n) => {
    const event = resendFixture('bounced-permanent-sender-blocked');
    return { ...event, data: { ...(event.data as object), to: [email], email_id: `blocked-message-${n}` } };
  },
  // Mailjet said spam / sender blocked (a block list), and hard.
  mailjet: (email, n) => ({
    event: 'bounce',
    time: 1768046400 + n,
    MessageID: `1942177783514${6600 + n}`,
    email,
    blocked: false,
    hard_bounce: true,
    error_related_to: 'spam',
    error: 'sender blocked',
    comment: '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
  }),
  // SparkPost classified the refusal as a Spam Block (bounce_class 51): the sending IP is listed.
  sparkpost: (email, n) => ({
    type: 'bounce',
    bounce_class: '51',
    error_code: '554',
    event_id: `9235692769381${String(n).padStart(4, '0')}`,
    message_id: `spam-block-message-${n}`,
    raw_reason: '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
    reason: '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
    rcpt_to: email,
    raw_rcpt_to: email,
    rcpt_type: 'to',
    timestamp: String(1768046400 + n),
  }),
};

/**
 * Why it bounced, end to end (docs/policy.md, rules 10 and 11; docs/bounce-classification.md):
 * each provider's mapper reads the cause of its report, and a refusal of the sender is recorded
 * without touching the address, whatever word the provider used, while an unknown user still
 * suppresses it at once.
 */
describe.each(WEBHOOK_PROVIDERS.map((provider) => [provider.name, provider] as const))(
  'why it bounced, through %s (e2e)',
  (name: string, provider: WebhookProvider) => {
    let testApp: TestApp;
    const http = () => request(testApp.app.getHttpServer());
    const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
    const deliver = async (event: ProviderEvent) => {
      const post = provider.signed(event);
      const response = await http()
        .post(provider.path)
        .set('Content-Type', post.contentType)
        .set({ ...post.headers })
        .send(post.body);
      expect(response.status).toBe(200);
      return response.body.data;
    };
    const sendability = async (email: string) =>
      (
        await http()
          .post('/api/v1/suppressions/check')
          .set({ Authorization: `Bearer ${TEST_API_KEY}` })
          .send({ emails: [email] })
          .expect(200)
      ).body.data.results[0];
    const subscriber = async (email: string) =>
      (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];

    beforeAll(async () => {
      testApp = await createTestApp(provider.env(), { overrides: provider.overrides });
    });

    beforeEach(async () => {
      await sql(EMPTY_DATA_TABLES);
      await sql('insert into subscribers (email, name) values (?, ?)', [EMAIL, 'A reader']);
    });

    afterAll(async () => {
      await testApp.close();
      provider.dispose?.();
    });

    it('records a refusal of the sender, soft, and leaves the subscriber active and mailable', async () => {
      expect(SENDER_REFUSALS[name]).toBeDefined();
      expect(await deliver(SENDER_REFUSALS[name](EMAIL, 1))).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });

      expect(await sql('select email, source, bounce_type from bounces')).toEqual([{ email: EMAIL, source: name, bounce_type: 'soft' }]);
      expect(await subscriber(EMAIL)).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await sendability(EMAIL)).toEqual({ email: EMAIL, sendable: true, reason: null });
    });

    it('never counts refusals of the sender toward the soft-bounce threshold, however many messages they refuse', async () => {
      for (const n of [1, 2, 3, 4]) await deliver(SENDER_REFUSALS[name](EMAIL, n));

      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 4 }]);
      expect(await subscriber(EMAIL)).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await sendability(EMAIL)).toEqual({ email: EMAIL, sendable: true, reason: null });
    });

    it('still suppresses the address at once on an unknown user, after a refusal of the sender', async () => {
      await deliver(SENDER_REFUSALS[name](EMAIL, 1));
      expect(await deliver(provider.hardBounce(EMAIL, `unknown-user-${name}`))).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });

      expect(await sql('select bounce_type from bounces order by id')).toEqual([{ bounce_type: 'soft' }, { bounce_type: 'hard' }]);
      expect((await subscriber(EMAIL)).status).toBe('bounced');
      expect(await sendability(EMAIL)).toEqual({ email: EMAIL, sendable: false, reason: 'bounced' });
    });
  },
);
