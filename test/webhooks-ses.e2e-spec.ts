import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { SnsCertificateSource } from '../libs/bounce-handling/src/webhooks/providers/ses/application/ports/sns-certificate-source.port';
import { SnsSubscriptionConfirmer } from '../libs/bounce-handling/src/webhooks/providers/ses/application/ports/sns-subscription-confirmer.port';
import { SnsUnreachableError } from '../libs/bounce-handling/src/webhooks/providers/ses/application/ports/sns-unreachable.error';
import { HttpsSnsCertificateSource } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/sns/https-sns-certificate-source.adapter';
import { sesFixture } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__';
import { signSnsEnvelope } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__/sns-signing';
import { type SnsEnvelope, SNS_TEST_CERTIFICATE_URL, SNS_TEST_TOPIC_ARN, SnsSigner, snsNotification } from './support/sns-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

const PATH = '/api/v1/webhooks/ses';
const OTHER_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:someone-elses-topic';
const OTHER_PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const ENV = { SES_TOPIC_ARNS: `arn:aws:sns:us-east-1:123456789012:unused, ${SNS_TEST_TOPIC_ARN}` };

/** A certificate source or confirmer that records each call; what it answers is up to the test. */
class RecordingCertificateSource extends SnsCertificateSource {
  readonly requested: string[] = [];
  answer: () => Promise<string> = () => Promise.reject(new Error('no certificate here'));
  certificateFor(url: string): Promise<string> {
    this.requested.push(url);
    return this.answer();
  }
}

class RecordingConfirmer extends SnsSubscriptionConfirmer {
  readonly confirmed: string[] = [];
  failure: Error | null = null;
  async confirm(subscribeUrl: string): Promise<void> {
    this.confirmed.push(subscribeUrl);
    if (this.failure) throw this.failure;
  }
}

/** The host app with some providers replaced (nothing may go to AWS). */
function createSesTestApp(env: Record<string, string>, overrides: [token: unknown, value: unknown][]): Promise<TestApp> {
  return createTestApp(env, { overrides });
}

describe('SES webhook through SNS (e2e)', () => {
  const signer = new SnsSigner();
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };

  afterAll(() => signer.dispose());

  const post = (testApp: TestApp, envelope: SnsEnvelope | string, contentType = 'text/plain; charset=UTF-8') =>
    request(testApp.app.getHttpServer())
      .post(PATH)
      .set('Content-Type', contentType)
      .set('x-amz-sns-message-type', typeof envelope === 'string' ? 'Notification' : String(envelope.Type))
      .send(typeof envelope === 'string' ? envelope : JSON.stringify(envelope));

  /** An SES event document from the fixtures, changed as the test needs. */
  const sesEvent = (name: string, change: (event: Record<string, any>) => void = () => undefined) => {
    const event = sesFixture(name) as Record<string, any>;
    change(event);
    return event;
  };

  describe('with certificates from SNS_CERTIFICATES_DIR', () => {
    let testApp: TestApp;
    const fetched = new RecordingCertificateSource();
    const confirmer = new RecordingConfirmer();
    const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);

    beforeAll(async () => {
      // Only the network leaf is replaced: the folder and the cache are the real adapters.
      testApp = await createSesTestApp({ ...ENV, SNS_CERTIFICATES_DIR: signer.certificatesDir }, [
        [HttpsSnsCertificateSource, fetched],
        [SnsSubscriptionConfirmer, confirmer],
      ]);
    });

    beforeEach(async () => {
      await sql(EMPTY_DATA_TABLES);
      fetched.requested.length = 0;
      fetched.answer = () => Promise.reject(new Error('no certificate here'));
    });

    afterAll(() => testApp.close());

    it.each([
      ['text/plain (SNS’s default), SignatureVersion 2', 'text/plain; charset=UTF-8', '2'],
      ['application/json, SignatureVersion 1', 'application/json', '1'],
      ['no content type, SignatureVersion 2', '', '2'],
    ] as const)('stores a bounce posted as %s, with source ses, verified without any fetch', async (_case, contentType, version) => {
      const envelope = signer.notification(sesEvent('bounce-permanent.event-publishing'), {}, version);
      const response = await post(testApp, envelope, contentType);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true, data: { received: 1, recorded: 1, duplicates: 0, ignored: 0 } });
      const rows = await sql(
        'select email, bounce_type, bounce_subtype, diagnostic_code, source, campaign_id, provider_message_id, provider_event_id, raw_payload from bounces',
      );
      expect(rows).toEqual([
        {
          email: 'recipient@example.com',
          bounce_type: 'hard',
          bounce_subtype: 'General',
          diagnostic_code: 'smtp; 550 5.1.1 user unknown',
          source: 'ses',
          campaign_id: 'jan-2026',
          provider_message_id: '0102017f1c6e7d4e-1d0f0c4a-3f0b-4a57-8c7d-0e3b1f1a2b3c-000000',
          provider_event_id: '0102017f1c6e8a2b-6c2b7f2e-1b7c-4d2e-9d1e-0d5d1f8c1c1e-000000:recipient@example.com',
          raw_payload: expect.objectContaining({
            eventType: 'Bounce',
            bounce: expect.objectContaining({ bouncedRecipients: [expect.objectContaining({ emailAddress: 'Recipient@Example.com', status: '5.1.1' })] }),
          }),
        },
      ]);
      expect(fetched.requested).toEqual([]);
    });

    it('fetches a certificate that is not in the folder once, however many messages name it', async () => {
      const otherUrl = SNS_TEST_CERTIFICATE_URL.replace(/[^/]+\.pem$/, 'SimpleNotificationService-fedcba9876543210.pem');
      fetched.answer = async () => signer.certificate.certificatePem;
      for (let n = 0; n < 3; n += 1) {
        const response = await post(testApp, signer.notification(sesEvent('delivery.notification'), { certificateUrl: otherUrl }));
        expect(response.status).toBe(200);
      }
      expect(fetched.requested).toEqual([otherUrl]);
    });

    it('shows the campaign name of a registered campaign in GET /api/v1/bounces', async () => {
      await sql("insert into campaigns (id, name) values ('jan-2026', 'January Newsletter')");
      await post(testApp, signer.notification(sesEvent('bounce-permanent.event-publishing')));
      const listed = await request(testApp.app.getHttpServer()).get('/api/v1/bounces').set(auth);
      expect(listed.body.data.bounces).toEqual([
        expect.objectContaining({ email: 'recipient@example.com', source: 'ses', bounce_type: 'hard', campaign_name: 'January Newsletter' }),
      ]);
    });

    it('attributes the campaign from an X-Campaign-Id header of an identity notification', async () => {
      await sql("insert into campaigns (id, name) values ('feb-2026', 'February Newsletter')");
      await post(testApp, signer.notification(sesEvent('bounce-permanent-three-recipients.notification')));
      expect(await sql('select distinct campaign_id from bounces')).toEqual([{ campaign_id: 'feb-2026' }]);
    });

    it('marks the subscriber bounced on a hard bounce', async () => {
      await sql("insert into subscribers (email, name) values ('recipient@example.com', 'Rex')");
      await post(testApp, signer.notification(sesEvent('bounce-permanent.event-publishing')));
      expect(await sql('select status from subscribers')).toEqual([{ status: 'bounced' }]);
      expect(await sql('select b.subscriber_id, s.name from bounces b join subscribers s on s.id = b.subscriber_id')).toEqual([
        { subscriber_id: '1', name: 'Rex' },
      ]);
    });

    it('treats a Transient bounce with an address-failure status (5.4.4) as hard', async () => {
      await post(testApp, signer.notification(sesEvent('bounce-transient-unroutable-domain.notification')));
      expect(await sql('select bounce_type, bounce_subtype from bounces')).toEqual([{ bounce_type: 'hard', bounce_subtype: 'General' }]);
      expect(await sql('select status from address_states')).toEqual([{ status: 'bounced' }]);
    });

    it('records one bounce per recipient of one SNS message', async () => {
      const response = await post(testApp, signer.notification(sesEvent('bounce-permanent-three-recipients.notification')));
      expect(response.body.data).toEqual({ received: 3, recorded: 3, duplicates: 0, ignored: 0 });
      expect(await sql('select email, bounce_type from bounces order by email')).toEqual([
        { email: 'one@example.com', bounce_type: 'hard' },
        { email: 'three@example.com', bounce_type: 'hard' },
        { email: 'two@example.com', bounce_type: 'hard' },
      ]);
    });

    it('counts soft bounces once per message, across SES’s reports of one message, and classifies from bounceType alone', async () => {
      await sql("insert into subscribers (email) values ('later@example.com')");
      const transient = (feedbackId: string, messageId: string) =>
        sesEvent('bounce-transient-without-status.notification', (event) => {
          event.bounce.feedbackId = feedbackId;
          event.mail.messageId = messageId;
        });
      await post(
        testApp,
        signer.notification(
          sesEvent('delivery-delay.event-publishing', (event) => (event.deliveryDelay.delayedRecipients[0].emailAddress = 'later@example.com')),
        ),
      );
      await post(testApp, signer.notification(transient('fb-1', 'message-A')));
      await post(testApp, signer.notification(transient('fb-2', 'message-A')));
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'active', consecutive_soft_bounces: 1 }]);
      await post(testApp, signer.notification(transient('fb-3', 'message-B')));
      await post(testApp, signer.notification(transient('fb-4', 'message-C')));
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'bounced', consecutive_soft_bounces: 3 }]);
      expect(await sql("select count(*)::int as n from bounces where bounce_type = 'soft'")).toEqual([{ n: 4 }]);
    });

    it('resets the soft count on a Delivery, storing no bounce for it', async () => {
      await sql("insert into subscribers (email) values ('full@example.com')");
      await post(testApp, signer.notification(sesEvent('bounce-transient-mailbox-full.event-publishing')));
      expect(await sql('select consecutive_soft_bounces from subscribers')).toEqual([{ consecutive_soft_bounces: 1 }]);
      const delivery = sesEvent('delivery.notification', (event) => (event.delivery.recipients = ['Full@Example.com']));
      const response = await post(testApp, signer.notification(delivery));
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'active', consecutive_soft_bounces: 0 }]);
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
    });

    it('unsubscribes on a complaint, for each complained recipient', async () => {
      await sql("insert into subscribers (email) values ('angry@example.com'), ('also.angry@example.com')");
      const response = await post(testApp, signer.notification(sesEvent('complaint-abuse-two-recipients.notification')));
      expect(response.body.data).toEqual({ received: 2, recorded: 2, duplicates: 0, ignored: 0 });
      expect(await sql('select email, status from subscribers order by email')).toEqual([
        { email: 'also.angry@example.com', status: 'unsubscribed' },
        { email: 'angry@example.com', status: 'unsubscribed' },
      ]);
      expect(await sql('select distinct bounce_type, bounce_subtype, campaign_id from bounces')).toEqual([
        { bounce_type: 'complaint', bounce_subtype: 'abuse', campaign_id: 'spring-sale' },
      ]);
    });

    it('ignores not-spam feedback: nothing stored, the subscriber stays active', async () => {
      await sql("insert into subscribers (email) values ('happy@example.com')");
      const response = await post(testApp, signer.notification(sesEvent('complaint-not-spam.event-publishing')));
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
      expect(await sql('select status from subscribers')).toEqual([{ status: 'active' }]);
      expect(await sql('select * from bounces')).toEqual([]);
    });

    it('records a re-sent message once, with one effect, and answers 200 each time', async () => {
      await sql("insert into subscribers (email) values ('recipient@example.com')");
      const envelope = signer.notification(sesEvent('bounce-permanent.event-publishing'));
      const first = await post(testApp, envelope);
      const again = await post(testApp, envelope);
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body.data).toEqual({ received: 1, recorded: 0, duplicates: 1, ignored: 0 });
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
      expect(await sql('select count(*)::int as n from status_changes')).toEqual([{ n: 1 }]);
    });

    it('records a message posted 10 times concurrently once, every answer 2xx', async () => {
      await sql("insert into subscribers (email) values ('full@example.com')");
      const envelope = signer.notification(sesEvent('bounce-transient-mailbox-full.event-publishing'));
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(testApp, envelope)));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(responses.map((response) => response.body.data.recorded).reduce((a, b) => a + b, 0)).toBe(1);
      expect(responses.map((response) => response.body.data.duplicates).reduce((a, b) => a + b, 0)).toBe(9);
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
      expect(await sql('select consecutive_soft_bounces from subscribers')).toEqual([{ consecutive_soft_bounces: 1 }]);
    });

    it.each([
      'delivery-delay.event-publishing',
      'send.event-publishing',
      'open.event-publishing',
      'click.event-publishing',
      'reject.event-publishing',
      'rendering-failure.event-publishing',
      'subscription.event-publishing',
      'amazon-sns-subscription-succeeded.notification',
    ])('acknowledges %s with 200 and stores nothing', async (fixture) => {
      const response = await post(testApp, signer.notification(sesEvent(fixture)));
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
      expect(await sql('select * from bounces')).toEqual([]);
      expect(await sql('select * from address_states')).toEqual([]);
    });

    it('acknowledges a Notification whose Message is plain text (SNS’s topic validation notice)', async () => {
      const response = await post(
        testApp,
        signer.notification('Successfully validated SNS topic for Amazon SES event destination creation.', { subject: 'Amazon SES Setup Notification' }),
      );
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
      expect(await sql('select * from bounces')).toEqual([]);
    });

    it('records the usable recipients and skips one whose address is unusable', async () => {
      const event = sesEvent(
        'bounce-permanent-three-recipients.notification',
        (bounce) => (bounce.bounce.bouncedRecipients[1].emailAddress = 'not an address'),
      );
      const response = await post(testApp, signer.notification(event));
      expect(response.body.data).toEqual({ received: 3, recorded: 2, duplicates: 0, ignored: 1 });
      expect(await sql('select email from bounces order by email')).toEqual([{ email: 'one@example.com' }, { email: 'three@example.com' }]);
    });

    it('is documented in Swagger: text/plain and JSON bodies with examples, the receipt and every error answer', async () => {
      const document = (await request(testApp.app.getHttpServer()).get('/docs-json')).body;
      const operation = document.paths[PATH].post;
      expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '413', '503']);
      expect(Object.keys(operation.requestBody.content).sort()).toEqual(['application/json', 'text/plain']);
      expect(Object.keys(operation.requestBody.content['text/plain'].examples)).toEqual(['bounce', 'subscription']);
      expect(operation.security).toBeUndefined();
      expect(document.components.schemas.WebhookReceiptDto.properties).toEqual({
        received: expect.any(Object),
        recorded: expect.any(Object),
        duplicates: expect.any(Object),
        ignored: expect.any(Object),
      });
    });

    describe('refusals', () => {
      const nothingStored = async () => expect(await sql('select * from bounces')).toEqual([]);

      it.each([
        ['a Message changed after signing', (envelope: SnsEnvelope) => ({ ...envelope, Message: envelope.Message!.replace('Permanent', 'Transient') })],
        ['a Subject added after signing', (envelope: SnsEnvelope) => ({ ...envelope, Subject: 'x' })],
        ['a TopicArn changed after signing', (envelope: SnsEnvelope) => ({ ...envelope, TopicArn: 'arn:aws:sns:us-east-1:123456789012:unused' })],
        ['no Signature', (envelope: SnsEnvelope) => ({ ...envelope, Signature: undefined })],
        ['no SignatureVersion', (envelope: SnsEnvelope) => ({ ...envelope, SignatureVersion: undefined })],
        ['SignatureVersion 3', (envelope: SnsEnvelope) => ({ ...envelope, SignatureVersion: '3' })],
        ['a garbled Signature', (envelope: SnsEnvelope) => ({ ...envelope, Signature: envelope.Signature!.split('').reverse().join('') })],
        ['a signature made with another key', (envelope: SnsEnvelope) => signSnsEnvelope(envelope, OTHER_PRIVATE_KEY)],
      ])('answers 401 for %s, storing nothing', async (_case, tamper) => {
        const response = await post(testApp, tamper(signer.notification(sesEvent('bounce-permanent.event-publishing'))));
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
        await nothingStored();
      });

      it('answers 403 for a genuine message of a topic not in SES_TOPIC_ARNS', async () => {
        const response = await post(testApp, signer.notification(sesEvent('bounce-permanent.event-publishing'), { topicArn: OTHER_TOPIC_ARN }));
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN', message: expect.stringContaining(OTHER_TOPIC_ARN) } });
        await nothingStored();
      });

      it.each([
        ['text that is not JSON', 'Type=Notification&Message=x'],
        ['a JSON array', '[]'],
        ['an unknown Type', JSON.stringify({ ...snsNotification('x'), Type: 'Bounce' })],
        ['no MessageId', JSON.stringify({ ...snsNotification('x'), MessageId: undefined })],
      ])('answers 400 for %s', async (_case, body) => {
        const response = await post(testApp, body);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
        await nothingStored();
      });

      it('answers 400 for malformed JSON sent as application/json', async () => {
        const response = await post(testApp, '{"Type":', 'application/json');
        expect(response.status).toBe(400);
        expect(response.body.success).toBe(false);
      });

      it('answers 400 for a genuine Bounce without its recipients list', async () => {
        const response = await post(testApp, signer.notification({ eventType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: {} }));
        expect(response.status).toBe(400);
        await nothingStored();
      });

      it('answers 413 for a text body over 1 MB', async () => {
        const response = await post(testApp, JSON.stringify({ ...snsNotification('x'.repeat(2 * 1024 * 1024)) }));
        expect(response.status).toBe(413);
        expect(response.body).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
      });
    });
  });

  describe('with faked certificate source and confirmer (SSRF and subscriptions)', () => {
    let testApp: TestApp;
    const certificates = new RecordingCertificateSource();
    const confirmer = new RecordingConfirmer();

    beforeAll(async () => {
      testApp = await createSesTestApp(ENV, [
        [SnsCertificateSource, certificates],
        [SnsSubscriptionConfirmer, confirmer],
      ]);
    });

    beforeEach(() => {
      certificates.requested.length = 0;
      certificates.answer = async () => signer.certificate.certificatePem;
      confirmer.confirmed.length = 0;
      confirmer.failure = null;
    });

    afterAll(() => testApp.close());

    it.each([
      ['another host', 'https://evil.example/SimpleNotificationService-abc.pem'],
      ['plain http', 'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['an IP address', 'https://169.254.169.254/latest/SimpleNotificationService-abc.pem'],
      ['userinfo', 'https://sns.eu-west-1.amazonaws.com@evil.example/SimpleNotificationService-abc.pem'],
      ['a look-alike host', 'https://sns.eu-west-1.amazonaws.com.evil.example/SimpleNotificationService-abc.pem'],
      ['another port', 'https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-abc.pem'],
      ['a path not ending in .pem', 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc'],
    ])('answers 401 for a SigningCertURL on %s, which is never fetched', async (_case, certificateUrl) => {
      for (const envelope of [
        signer.notification(sesFixture('bounce-permanent.event-publishing'), { certificateUrl }),
        signer.subscription('SubscriptionConfirmation', { certificateUrl }),
      ]) {
        const response = await post(testApp, envelope);
        expect(response.status).toBe(401);
        expect(response.body.error.message).toContain('SigningCertURL');
      }
      expect(certificates.requested).toEqual([]);
      expect(confirmer.confirmed).toEqual([]);
    });

    it('confirms a SubscriptionConfirmation of an allowed topic by visiting its SubscribeURL once', async () => {
      const envelope = signer.subscription('SubscriptionConfirmation');
      const response = await post(testApp, envelope);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true, data: { received: 0, recorded: 0, duplicates: 0, ignored: 0 } });
      expect(confirmer.confirmed).toEqual([envelope.SubscribeURL]);
      expect(certificates.requested).toEqual([SNS_TEST_CERTIFICATE_URL]);
    });

    it('never confirms the subscription of a topic not in SES_TOPIC_ARNS (403)', async () => {
      const response = await post(testApp, signer.subscription('SubscriptionConfirmation', { topicArn: OTHER_TOPIC_ARN }));
      expect(response.status).toBe(403);
      expect(confirmer.confirmed).toEqual([]);
    });

    it('never confirms a SubscriptionConfirmation whose SubscribeURL was changed after signing (401)', async () => {
      const envelope = {
        ...signer.subscription('SubscriptionConfirmation'),
        SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=forged',
      };
      expect((await post(testApp, envelope)).status).toBe(401);
      expect(confirmer.confirmed).toEqual([]);
    });

    it.each([
      ['off SNS', 'https://evil.example/?Action=ConfirmSubscription&Token=x'],
      ['on the SNS endpoint of another region than the topic', 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=x'],
      ['over http', 'http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x'],
    ])('never visits a signed SubscribeURL %s (400)', async (_case, subscribeUrl) => {
      const response = await post(testApp, signer.subscription('SubscriptionConfirmation', { subscribeUrl }));
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain('SubscribeURL');
      expect(confirmer.confirmed).toEqual([]);
    });

    it('answers 503 when the confirmation fails, so that SNS sends it again', async () => {
      confirmer.failure = new Error('sns.eu-west-1.amazonaws.com answered 302 (redirects are not followed)');
      const response = await post(testApp, signer.subscription('SubscriptionConfirmation'));
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        success: false,
        error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('could not be confirmed'), request_id: expect.any(String) },
      });
      expect(confirmer.confirmed).toHaveLength(1);
    });

    it('acknowledges an UnsubscribeConfirmation without re-confirming it', async () => {
      const response = await post(testApp, signer.subscription('UnsubscribeConfirmation'));
      expect(response.status).toBe(200);
      expect(confirmer.confirmed).toEqual([]);
    });

    it('answers 503 when the signing certificate cannot be fetched now (SNS retries), 401 when there is none', async () => {
      certificates.answer = () => Promise.reject(new SnsUnreachableError('sns.eu-west-1.amazonaws.com did not answer within 5000 ms'));
      expect((await post(testApp, signer.notification(sesFixture('bounce-permanent.event-publishing')))).status).toBe(503);
      certificates.answer = () => Promise.reject(new Error('sns.eu-west-1.amazonaws.com answered 404'));
      expect((await post(testApp, signer.notification(sesFixture('bounce-permanent.event-publishing')))).status).toBe(401);
      expect(await testApp.sql('select * from bounces')).toEqual([]);
    });
  });

  it('answers 503 naming SES_TOPIC_ARNS while it is not set', async () => {
    const testApp = await createTestApp();
    try {
      const response = await post(testApp, signer.notification(sesFixture('bounce-permanent.event-publishing')));
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ success: false, error: { code: 'NOT_CONFIGURED', message: expect.stringContaining('SES_TOPIC_ARNS') } });
    } finally {
      await testApp.close();
    }
  });

  it('answers 503 when the database is unavailable, so that SNS retries', async () => {
    const testApp = await createSesTestApp({ ...ENV, SNS_CERTIFICATES_DIR: signer.certificatesDir }, [
      [HttpsSnsCertificateSource, new RecordingCertificateSource()],
      [SnsSubscriptionConfirmer, new RecordingConfirmer()],
    ]);
    try {
      await testApp.database.drop();
      const response = await post(testApp, signer.notification(sesFixture('bounce-permanent.event-publishing')));
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ success: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      await testApp.app.close();
    }
  });
});
