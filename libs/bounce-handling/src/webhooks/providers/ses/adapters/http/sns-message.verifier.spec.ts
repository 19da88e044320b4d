import { generateKeyPairSync } from 'node:crypto';
import { SnsCertificateSource } from '../../application/ports/sns-certificate-source.port';
import { SnsUnreachableError } from '../../application/ports/sns-unreachable.error';
import { WebhookSignatureError } from '../../../../domain/webhook.errors';
import {
  type SnsEnvelope,
  SNS_TEST_CERTIFICATE_URL,
  sharedSnsTestCertificate,
  signSnsEnvelope,
  snsNotification,
  snsSubscriptionMessage,
} from './__fixtures__/sns-signing';
import { parseSnsEnvelope } from './sns-envelope.parser';
import { SnsMessageVerifier } from './sns-message.verifier';

/** Serves one PEM for any URL and records what it was asked. */
class RecordingCertificateSource extends SnsCertificateSource {
  readonly requested: string[] = [];
  constructor(private readonly answer: () => Promise<string>) {
    super();
  }
  certificateFor(url: string): Promise<string> {
    this.requested.push(url);
    return this.answer();
  }
}

describe('SnsMessageVerifier', () => {
  const certificate = sharedSnsTestCertificate();
  let now: Date;
  let certificates: RecordingCertificateSource;
  let verifier: SnsMessageVerifier;
  const verify = (envelope: SnsEnvelope) => verifier.verify(parseSnsEnvelope(Buffer.from(JSON.stringify(envelope))));
  const signed = (envelope: SnsEnvelope, version: '1' | '2' = '2') => signSnsEnvelope(envelope, certificate.privateKeyPem, version);

  beforeEach(() => {
    now = new Date(certificate.validFrom.getTime() + 60_000);
    certificates = new RecordingCertificateSource(async () => certificate.certificatePem);
    verifier = new SnsMessageVerifier(certificates, { now: () => now });
  });

  describe('accepts SNS’s own signatures', () => {
    it.each(['1', '2'] as const)('of a Notification, SignatureVersion %s', async (version) => {
      await expect(verify(signed(snsNotification({ eventType: 'Bounce' }), version))).resolves.toBeUndefined();
      expect(certificates.requested).toEqual([SNS_TEST_CERTIFICATE_URL]);
    });

    it.each(['1', '2'] as const)('of a Notification with a Subject, SignatureVersion %s', async (version) => {
      await expect(verify(signed(snsNotification('text', { subject: 'Amazon SES Email Event Notification' }), version))).resolves.toBeUndefined();
    });

    it.each([
      ['SubscriptionConfirmation', '1'],
      ['SubscriptionConfirmation', '2'],
      ['UnsubscribeConfirmation', '1'],
      ['UnsubscribeConfirmation', '2'],
    ] as const)('of a %s, SignatureVersion %s', async (type, version) => {
      await expect(verify(signed(snsSubscriptionMessage(type), version))).resolves.toBeUndefined();
    });

    it('of a Message with newlines, quotes and Unicode', async () => {
      await expect(verify(signed(snsNotification('{"a":"line\\nnext","b":"é😀\u2028"}\nend')))).resolves.toBeUndefined();
    });

    it('whose fields come in any order, with fields SNS does not sign', async () => {
      const envelope = signed(snsNotification('x'));
      const reordered = Object.fromEntries(Object.entries({ ...envelope, MessageAttributes: 'ignored' } as SnsEnvelope).reverse());
      await expect(verify(reordered)).resolves.toBeUndefined();
    });
  });

  describe('refuses (401)', () => {
    const refused = async (envelope: SnsEnvelope, message: RegExp) => {
      const outcome = verify(envelope);
      await expect(outcome).rejects.toThrow(WebhookSignatureError);
      await expect(verify(envelope)).rejects.toThrow(message);
    };

    it('a signature made with another key', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      await refused(signSnsEnvelope(snsNotification('x'), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), /does not match/);
    });

    it.each([
      ['Message', { Message: '{"eventType":"Bounce","bounce":{}}' }],
      ['MessageId', { MessageId: 'another' }],
      ['Timestamp', { Timestamp: '2030-01-01T00:00:00.000Z' }],
      ['TopicArn (moved to an allowed topic)', { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:other' }],
      ['Type', { Type: 'SubscriptionConfirmation', SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/', Token: 't' }],
      ['Subject, added', { Subject: 'added' }],
    ])('a Notification whose %s was changed after signing', async (_field, change) => {
      await refused({ ...signed(snsNotification('{"eventType":"Bounce"}')), ...change }, /does not match/);
    });

    it('a Notification whose Subject was changed or removed after signing', async () => {
      const envelope = signed(snsNotification('x', { subject: 'Original' }));
      await refused({ ...envelope, Subject: 'Changed' }, /does not match/);
      await refused({ ...envelope, Subject: undefined }, /does not match/);
    });

    it.each([
      ['SubscribeURL', { SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=other' }],
      ['Token', { Token: 'other' }],
    ])('a SubscriptionConfirmation whose %s was changed after signing', async (_field, change) => {
      await refused({ ...signed(snsSubscriptionMessage()), ...change }, /does not match/);
    });

    it('a signature version 1 presented as version 2, and the reverse', async () => {
      await refused({ ...signed(snsNotification('x'), '1'), SignatureVersion: '2' }, /does not match/);
      await refused({ ...signed(snsNotification('x'), '2'), SignatureVersion: '1' }, /does not match/);
    });

    it.each([
      ['3', /not supported/],
      ['0', /not supported/],
      ['2.0', /not supported/],
      [undefined, /not signed/],
    ])('SignatureVersion %p', async (version, message) => {
      await refused({ ...signed(snsNotification('x')), SignatureVersion: version }, message);
      expect(certificates.requested).toEqual([]);
    });

    it.each([
      ['no Signature', undefined],
      ['an empty Signature', ''],
      ['a Signature that is not base64', '!!!'],
      ['an overlong Signature', 'A'.repeat(5000)],
    ])('%s', async (_case, signature) => {
      await refused({ ...signed(snsNotification('x')), Signature: signature }, /not signed|does not match|too long/);
    });

    it.each([
      ['another host', 'https://evil.example/SimpleNotificationService-abc.pem'],
      ['http', 'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['an IP', 'https://169.254.169.254/latest/meta-data/x.pem'],
      ['userinfo', 'https://sns.eu-west-1.amazonaws.com@evil.example/SimpleNotificationService-abc.pem'],
      ['a look-alike host', 'https://sns.eu-west-1.amazonaws.com.evil.example/SimpleNotificationService-abc.pem'],
      ['another port', 'https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-abc.pem'],
      ['S3', 'https://s3.amazonaws.com/bucket/SimpleNotificationService-abc.pem'],
      ['a path not ending in .pem', 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc'],
      ['no URL', undefined],
    ])('a SigningCertURL on %s, without fetching it', async (_case, url) => {
      // SigningCertURL is not signed itself: the message is otherwise genuine.
      await refused({ ...signed(snsNotification('x')), SigningCertURL: url }, /SigningCertURL/);
      expect(certificates.requested).toEqual([]);
    });

    it('a certificate that has expired', async () => {
      now = new Date(certificate.validTo.getTime() + 1000);
      await refused(signed(snsNotification('x')), /not valid now/);
    });

    it('a certificate that is not valid yet', async () => {
      now = new Date(certificate.validFrom.getTime() - 60_000);
      await refused(signed(snsNotification('x')), /not valid now/);
    });

    it.each([
      ['text that is not a PEM', 'not a certificate'],
      [
        'a public key instead of a certificate',
        generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string,
      ],
      ['an HTML error page', '<html><body>Not found</body></html>'],
    ])('a "certificate" that is %s', async (_case, pem) => {
      certificates = new RecordingCertificateSource(async () => pem);
      verifier = new SnsMessageVerifier(certificates, { now: () => now });
      await refused(signed(snsNotification('x')), /not an X.509 certificate/);
    });

    it('a certificate the source refuses to give (404, a redirect)', async () => {
      certificates = new RecordingCertificateSource(async () => {
        throw new Error('sns.eu-west-1.amazonaws.com answered 404');
      });
      verifier = new SnsMessageVerifier(certificates, { now: () => now });
      await refused(signed(snsNotification('x')), /No SNS signing certificate/);
    });
  });

  it('lets an unreachable AWS through as such (503, SNS retries)', async () => {
    certificates = new RecordingCertificateSource(async () => {
      throw new SnsUnreachableError('timed out');
    });
    verifier = new SnsMessageVerifier(certificates, { now: () => now });
    await expect(verify(signed(snsNotification('x')))).rejects.toThrow(SnsUnreachableError);
  });
});
