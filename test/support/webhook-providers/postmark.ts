import { randomBytes } from 'node:crypto';
import {
  DELIVERY,
  HARD_BOUNCE,
  SPAM_COMPLAINT,
} from '../../../libs/bounce-handling/src/webhooks/providers/postmark/adapters/http/__fixtures__/postmark-records.fixtures';
import type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

/** Credentials as an operator writes them in Postmark's webhook URL: `user:password`, made afresh. */
const aCredential = () => `postmark-${randomBytes(4).toString('hex')}:${randomBytes(18).toString('base64url')}`;

let credential: string | undefined;
const configured = () => (credential ??= aCredential());

/** Postmark sends the credentials of the webhook's URL as HTTP Basic authorization; the body is one record. */
function post(body: string, by: string): WebhookRequest {
  return { contentType: 'application/json', body, headers: { Authorization: `Basic ${Buffer.from(by, 'utf8').toString('base64')}` } };
}

export const postmark: WebhookProvider = {
  name: 'postmark',
  path: '/api/v1/webhooks/postmark',
  env: () => ({ POSTMARK_WEBHOOK_BASIC_AUTH: configured() }),
  requiredVariable: 'POSTMARK_WEBHOOK_BASIC_AUTH',

  signed: (event) => post(JSON.stringify(event), configured()),
  wronglySigned: (event) => post(JSON.stringify(event), aCredential()),
  signedBody: (body) => post(body, configured()),

  hardBounce: (email: string, eventId: string): ProviderEvent => ({ ...HARD_BOUNCE, Email: email, ID: eventId }),
  complaint: (email: string, eventId: string): ProviderEvent => ({ ...SPAM_COMPLAINT, Email: email, ID: eventId }),
  // A delivery has no id of its own: its key is the message and the recipient.
  delivery: (email: string, eventId: string): ProviderEvent => ({ ...DELIVERY, Recipient: email, MessageID: eventId }),
};
