import request from 'supertest';
import { SnsSubscriptionConfirmer } from '../libs/bounce-handling/src/webhooks/providers/ses/application/ports/sns-subscription-confirmer.port';
import { UnexpectedSnsAnswerError } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/sns/bounded-https-get';
import { HttpsSnsCertificateSource } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/sns/https-sns-certificate-source.adapter';
import { sesFixture } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__';
import { SnsSigner, SNS_TEST_CERTIFICATE_URL, SNS_TEST_TOPIC_ARN } from './support/sns-signer';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/** The network leaves of the SNS adapters, recording every URL they are asked to fetch. */
class RecordingFetcher extends HttpsSnsCertificateSource {
  readonly fetched: string[] = [];
  answer: (url: string) => Promise<string> = () => Promise.reject(new Error('no network in tests'));
  override certificateFor(url: string): Promise<string> {
    this.fetched.push(url);
    return this.answer(url);
  }
}

class RecordingConfirmer extends SnsSubscriptionConfirmer {
  readonly fetched: string[] = [];
  answer: () => Promise<void> = async () => undefined;
  confirm(subscribeUrl: string): Promise<void> {
    this.fetched.push(subscribeUrl);
    return this.answer();
  }
}

/**
 * URLs an SNS message may name that are not `https://sns.<region>.amazonaws.com/…`, beyond those
 * test/webhooks-ses.e2e-spec.ts already posts (another host, http, 169.254.169.254, userinfo, a
 * look-alike suffix, port 8443, a certificate path not ending in .pem, another region). The
 * certificate URLs end in `.pem` and the SubscribeURLs carry SNS's query, so that the host is
 * all that is wrong with them.
 */
const HOSTILE_HOSTS: ReadonlyArray<readonly [name: string, origin: string]> = [
  ['loopback IPv4', 'https://127.0.0.1'],
  ['a private IPv4', 'https://10.0.0.1'],
  ['the metadata service', 'https://169.254.169.254'],
  ['loopback IPv6', 'https://[::1]'],
  ['an IPv4-mapped IPv6 address', 'https://[::ffff:169.254.169.254]'],
  ['a decimal IPv4 (2130706433 = 127.0.0.1)', 'https://2130706433'],
  ['a hexadecimal IPv4', 'https://0x7f.0.0.1'],
  ['an octal IPv4', 'https://0177.0.0.1'],
  ['plain http', 'http://sns.eu-west-1.amazonaws.com'],
  ['userinfo naming SNS', 'https://sns.eu-west-1.amazonaws.com@evil.example'],
  ['userinfo with the https port', 'https://sns.eu-west-1.amazonaws.com:443@evil.example'],
  ['user and password on the SNS host', 'https://user:pass@sns.eu-west-1.amazonaws.com'],
  ['a look-alike suffix', 'https://sns.eu-west-1.amazonaws.com.evil.example'],
  ['a look-alike suffix in capitals', 'https://SNS.EU-WEST-1.AMAZONAWS.COM.evil.example'],
  ['an ideographic full stop (read as a dot)', 'https://sns.eu-west-1.amazonaws.com\u3002evil.example'],
  ['a Cyrillic letter in the host', 'https://sn\u0455.eu-west-1.amazonaws.com'],
  ['a subdomain of the SNS host', 'https://evil.sns.eu-west-1.amazonaws.com'],
  ['a trailing dot', 'https://sns.eu-west-1.amazonaws.com.'],
  ['a fragment hiding the host', 'https://evil.example#@sns.eu-west-1.amazonaws.com'],
  ['a backslash', 'https://sns.eu-west-1.amazonaws.com\\@evil.example'],
  ['port 80', 'https://sns.eu-west-1.amazonaws.com:80'],
  ['port 8080', 'https://sns.eu-west-1.amazonaws.com:8080'],
  ['file:', 'file:///etc'],
  ['gopher:', 'gopher://sns.eu-west-1.amazonaws.com'],
];

describe('No server-side request forgery through SNS messages (e2e)', () => {
  const sns = new SnsSigner();
  const fetcher = new RecordingFetcher();
  const confirmer = new RecordingConfirmer();
  let testApp: TestApp;
  const post = (envelope: object) =>
    request(testApp.app.getHttpServer()).post('/api/v1/webhooks/ses').set('Content-Type', 'text/plain; charset=UTF-8').send(JSON.stringify(envelope));

  beforeAll(async () => {
    // Certificates from the folder; only the network leaves are replaced, the URL checks and the cache are the app's own.
    testApp = await createTestApp(
      { SES_TOPIC_ARNS: SNS_TEST_TOPIC_ARN, SNS_CERTIFICATES_DIR: sns.certificatesDir, LOG_LEVEL: 'error' },
      {
        overrides: [
          [HttpsSnsCertificateSource, fetcher],
          [SnsSubscriptionConfirmer, confirmer],
        ],
      },
    );
  });

  beforeEach(() => {
    fetcher.fetched.length = 0;
    confirmer.fetched.length = 0;
  });

  afterAll(async () => {
    await testApp?.close();
    sns.dispose();
  });

  it.each(HOSTILE_HOSTS)('fetches nothing for a SigningCertURL or a signed SubscribeURL on %s', async (_case, origin) => {
    const certificateUrl = `${origin}/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem`;
    const subscribeUrl = `${origin}/?Action=ConfirmSubscription&TopicArn=${SNS_TEST_TOPIC_ARN}&Token=abc`;
    const answers = [
      await post(sns.notification(sesFixture('bounce-permanent.event-publishing'), { certificateUrl })),
      await post(sns.subscription('SubscriptionConfirmation', { certificateUrl })),
      await post(sns.subscription('SubscriptionConfirmation', { subscribeUrl })),
      await post(sns.subscription('UnsubscribeConfirmation', { subscribeUrl })),
    ];
    expect(answers.map((response) => response.status)).toEqual([401, 401, 400, 200]);
    expect(answers[0].body.error.message).toContain('SigningCertURL');
    expect(answers[2].body.error.message).toContain('SubscribeURL');
    expect({ certificates: fetcher.fetched, confirmations: confirmer.fetched }).toEqual({ certificates: [], confirmations: [] });
  });

  it('treats a redirect from SNS as a failure: the certificate is asked for once, the redirect not followed, the message refused', async () => {
    const elsewhere = SNS_TEST_CERTIFICATE_URL.replace(/[^/]+\.pem$/, 'SimpleNotificationService-fedcba9876543210fedcba9876543210.pem');
    fetcher.answer = () => Promise.reject(new UnexpectedSnsAnswerError('sns.eu-west-1.amazonaws.com answered 302 (redirects are not followed)'));
    try {
      const response = await post(sns.notification(sesFixture('bounce-permanent.event-publishing'), { certificateUrl: elsewhere }));
      expect(response.status).toBe(401);
      expect(fetcher.fetched).toEqual([elsewhere]);
    } finally {
      fetcher.answer = () => Promise.reject(new Error('no network in tests'));
    }
    expect(await testApp.sql('select * from bounces')).toEqual([]);
  });

  it('treats a redirect answering a subscription confirmation as a failure (503, so SNS retries), following nothing', async () => {
    confirmer.answer = () => Promise.reject(new UnexpectedSnsAnswerError('sns.eu-west-1.amazonaws.com answered 301 (redirects are not followed)'));
    try {
      const envelope = sns.subscription('SubscriptionConfirmation');
      const response = await post(envelope);
      expect(response.status).toBe(503);
      expect(confirmer.fetched).toEqual([envelope.SubscribeURL]);
    } finally {
      confirmer.answer = async () => undefined;
    }
  });
});
