import request from 'supertest';
import { type ProviderEvent, type WebhookProvider, WEBHOOK_PROVIDERS } from './support/webhook-providers';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

const EMAIL = 'slow@example.com';

/**
 * Each provider's notice that a message is only late, in the provider's own JSON: the receiver
 * asked to try again later, and the provider will. None says anything about the address yet.
 */
const DELAY_NOTICES: Readonly<Record<string, ProviderEvent>> = {
  ses: {
    eventType: 'DeliveryDelay',
    mail: { timestamp: '2026-01-10T12:00:00.000Z', source: 'sender@mailpass.example', messageId: 'delayed-message', destination: [EMAIL] },
    deliveryDelay: {
      timestamp: '2026-01-10T12:10:00.000Z',
      delayType: 'MailboxFull',
      expirationTime: '2026-01-11T02:00:00.000Z',
      delayedRecipients: [{ emailAddress: EMAIL, status: '4.2.2', diagnosticCode: 'smtp; 452 4.2.2 mailbox full' }],
      reportingMTA: 'a1-2.smtp-out.amazonses.com',
    },
  },
  // Greylisting: the receiver's way of making a first attempt wait.
  mailgun: {
    event: 'failed',
    severity: 'temporary',
    reason: 'greylisted',
    id: 'greylisted-1',
    timestamp: 1768046400.5,
    message: { headers: { to: EMAIL, 'message-id': 'delayed-message@mailpass.example', from: 'sender@mailpass.example' } },
    recipient: EMAIL,
    'delivery-status': {
      'mx-host': 'mx.example.com',
      'attempt-no': 1,
      code: 450,
      message: 'Recipient address rejected: Greylisted',
      description: 'Recipient address rejected: Greylisted',
    },
  },
  sendgrid: {
    email: EMAIL,
    timestamp: 1768046400,
    event: 'deferred',
    sg_event_id: 'deferred-1',
    sg_message_id: 'delayed-message.filter0001',
    response: '421 4.7.0 Try again later',
    attempt: '1',
  },
  // Postmark reports no delay as such (its `Transient` is a failed attempt, counted soft); what it
  // reports that says nothing about the address is rule 12's other half, the auto-reply.
  postmark: {
    RecordType: 'Bounce',
    ID: 4323372099,
    Type: 'AutoResponder',
    TypeCode: 64,
    Name: 'Auto responder',
    MessageID: 'delayed-message',
    MessageStream: 'outbound',
    Description: 'Automatic email responder (ex: "Out of Office" or "On Vacation").',
    Details: 'I am out of the office until Monday.',
    Email: EMAIL,
    BouncedAt: '2026-01-10T12:10:00Z',
    Inactive: false,
    CanActivate: true,
  },
  // Brevo's `deferred`: its server will try again.
  brevo: {
    event: 'deferred',
    email: EMAIL,
    id: 3017431,
    date: '2026-01-10 12:10:00',
    ts: 1768047000,
    ts_event: 1768047000,
    ts_epoch: 1768047000123,
    'message-id': '<delayed-message@smtp-relay.mailin.fr>',
    subject: 'Late',
    reason: '421 4.7.0 Try again later, closing connection',
  },
  resend: {
    type: 'email.delivery_delayed',
    created_at: '2026-01-10T12:10:00.000Z',
    data: {
      created_at: '2026-01-10T12:00:00.000Z',
      email_id: 'delayed-message',
      from: 'Sender <sender@mailpass.example>',
      to: [EMAIL],
      subject: 'Late',
    },
  },
  // Mailjet's soft bounce for greylisting: it tries again and reports the outcome.
  mailjet: {
    event: 'bounce',
    time: 1768046400,
    MessageID: '19421777835146700',
    email: EMAIL,
    blocked: false,
    hard_bounce: false,
    error_related_to: 'domain',
    error: 'greylisted',
    comment: '451 4.7.1 Greylisting in action, please come back later',
  },
  // SparkPost puts a bounce_class on its delays too: still not a bounce.
  sparkpost: {
    type: 'delay',
    bounce_class: '22',
    error_code: '452',
    event_id: '92356927693819999',
    message_id: 'delayed-message',
    num_retries: '1',
    raw_reason: '452 4.2.2 The email account that you tried to reach is over quota',
    reason: '452 4.2.2 The email account that you tried to reach is over quota',
    rcpt_to: EMAIL,
    rcpt_type: 'to',
    timestamp: '1768046400',
  },
};

/**
 * Rule 12 (docs/policy.md): a delay notice is not a bounce. Each provider's webhook acknowledges
 * it and ignores it: nothing is stored, and the address's state, its run of soft bounces
 * included, is left as it was. No event of the policy stands for one (a delivery event is a
 * bounce, a complaint or a delivery), so none ever reaches it.
 */
describe.each(WEBHOOK_PROVIDERS.map((provider) => [provider.name, provider] as const))(
  'a delay notice from %s (e2e)',
  (name: string, provider: WebhookProvider) => {
    let testApp: TestApp;
    const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);

    beforeAll(async () => {
      testApp = await createTestApp(provider.env(), { overrides: provider.overrides });
    });

    beforeEach(async () => {
      await sql(EMPTY_DATA_TABLES);
    });

    afterAll(async () => {
      await testApp.close();
      provider.dispose?.();
    });

    it('is acknowledged and ignored: nothing stored, the address and its run of soft bounces as they were', async () => {
      expect(DELAY_NOTICES[name]).toBeDefined();
      await sql('insert into subscribers (email, consecutive_soft_bounces) values (?, 2)', [EMAIL]);
      const post = provider.signed(DELAY_NOTICES[name]);
      const response = await request(testApp.app.getHttpServer())
        .post(provider.path)
        .set('Content-Type', post.contentType)
        .set({ ...post.headers })
        .send(post.body);

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 0 }]);
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'active', consecutive_soft_bounces: 2 }]);
      const check = await request(testApp.app.getHttpServer())
        .post('/api/v1/suppressions/check')
        .set({ Authorization: `Bearer ${TEST_API_KEY}` })
        .send({ emails: [EMAIL] });
      expect(check.body.data.results).toEqual([{ email: EMAIL, sendable: true, reason: null }]);
    });
  },
);
