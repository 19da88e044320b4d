import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type SnsEnvelope,
  SNS_TEST_CERTIFICATE_NAME,
  SNS_TEST_CERTIFICATE_URL,
  SNS_TEST_TOPIC_ARN,
  sharedSnsTestCertificate,
  signSnsEnvelope,
  snsNotification,
  snsSubscriptionMessage,
} from '../../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__/sns-signing';

export { type SnsEnvelope, SNS_TEST_CERTIFICATE_NAME, SNS_TEST_CERTIFICATE_URL, SNS_TEST_TOPIC_ARN, snsNotification, snsSubscriptionMessage };

/**
 * Signs SNS messages as SNS does, with a certificate generated once per test file (openssl),
 * which it also puts in a folder of its own, named as the last segment of
 * SNS_TEST_CERTIFICATE_URL: point SNS_CERTIFICATES_DIR at `certificatesDir` and the app
 * verifies without fetching anything.
 */
export class SnsSigner {
  readonly certificate = sharedSnsTestCertificate();
  readonly certificatesDir: string;

  constructor() {
    this.certificatesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sns-certificates-'));
    fs.writeFileSync(path.join(this.certificatesDir, SNS_TEST_CERTIFICATE_NAME), this.certificate.certificatePem);
  }

  sign(envelope: SnsEnvelope, version: '1' | '2' = '2'): SnsEnvelope {
    return signSnsEnvelope(envelope, this.certificate.privateKeyPem, version);
  }

  /** A signed Notification carrying an SES event (an object, sent as JSON text) or any text. */
  notification(message: string | object, options: Parameters<typeof snsNotification>[1] = {}, version: '1' | '2' = '2'): SnsEnvelope {
    return this.sign(snsNotification(message, options), version);
  }

  subscription(type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation', options: Parameters<typeof snsSubscriptionMessage>[1] = {}): SnsEnvelope {
    return this.sign(snsSubscriptionMessage(type, options));
  }

  dispose(): void {
    fs.rmSync(this.certificatesDir, { recursive: true, force: true });
  }
}
