import { generateKeyPairSync } from 'node:crypto';
import { sesFixture } from '../../../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__';
import { signSnsEnvelope } from '../../../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__/sns-signing';
import { SnsSubscriptionConfirmer } from '../../../libs/bounce-handling/src/webhooks/providers/ses/application/ports/sns-subscription-confirmer.port';
import { HttpsSnsCertificateSource } from '../../../libs/bounce-handling/src/webhooks/providers/ses/adapters/sns/https-sns-certificate-source.adapter';
import { type SnsEnvelope, SNS_TEST_TOPIC_ARN, SnsSigner, snsNotification } from '../sns-signer';
import type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

let signer: SnsSigner | undefined;
let strangerKey: string | undefined;
const configured = () => (signer ??= new SnsSigner());

/** SNS posts its signed envelope as text/plain; the SES event is the envelope's Message. */
const post = (envelope: SnsEnvelope): WebhookRequest => ({
  contentType: 'text/plain; charset=UTF-8',
  body: JSON.stringify(envelope),
  headers: { 'x-amz-sns-message-type': 'Notification' },
});

/** One of SES's documented events with `email` as its only recipient and `eventId` as its feedbackId. */
function sesEvent(fixture: string, detail: 'bounce' | 'complaint', recipients: string, recipient: unknown, eventId: string): ProviderEvent {
  const event = sesFixture(fixture);
  return { ...event, [detail]: { ...(event[detail] as object), [recipients]: [recipient], feedbackId: eventId } };
}

const unreachable = () => Promise.reject(new Error('nothing leaves the machine in a test'));

export const ses: WebhookProvider = {
  name: 'ses',
  path: '/api/v1/webhooks/ses',
  // The signing certificate is read from the folder SNS_CERTIFICATES_DIR names, never fetched.
  env: () => ({ SES_TOPIC_ARNS: SNS_TEST_TOPIC_ARN, SNS_CERTIFICATES_DIR: configured().certificatesDir }),
  requiredVariable: 'SES_TOPIC_ARNS',
  overrides: [
    [HttpsSnsCertificateSource, { certificateFor: unreachable }],
    [SnsSubscriptionConfirmer, { confirm: unreachable }],
  ],

  signed: (event) => post(configured().notification(event)),
  wronglySigned: (event) =>
    post(
      signSnsEnvelope(
        snsNotification(event),
        (strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
      ),
    ),
  // The signature is a field of the envelope: a body that is not an envelope is read (and
  // refused) before any signature is looked for.
  signedBody: (body) => ({ contentType: 'text/plain; charset=UTF-8', body }),

  hardBounce: (email, eventId) =>
    sesEvent(
      'bounce-permanent.event-publishing',
      'bounce',
      'bouncedRecipients',
      { emailAddress: email, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      eventId,
    ),
  complaint: (email, eventId) =>
    sesEvent('complaint-without-feedback-report.event-publishing', 'complaint', 'complainedRecipients', { emailAddress: email }, eventId),
  // A delivery has no feedbackId (deliveries are not stored, so they need no key).
  delivery: (email) => {
    const event = sesFixture('delivery.notification');
    return { ...event, delivery: { ...(event.delivery as object), recipients: [email] } };
  },

  dispose: () => {
    signer?.dispose();
    signer = undefined;
  },
};
