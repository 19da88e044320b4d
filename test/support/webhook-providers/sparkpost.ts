import { randomBytes } from 'node:crypto';
import {
  BOUNCE_INVALID_RECIPIENT,
  DELIVERY,
  element,
  SPAM_COMPLAINT,
} from '../../../libs/bounce-handling/src/webhooks/providers/sparkpost/adapters/http/__fixtures__/sparkpost-events.fixtures';
import type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

/** Credentials made for the test, as a SparkPost webhook's URL would carry them. */
let credentials: string | undefined;
const configured = () => (credentials ??= `sparkpost:${randomBytes(18).toString('base64url')}`);

/** SparkPost sends the credentials of its webhook's URL as HTTP Basic; the body is a JSON array. */
function post(body: string, userPassword: string): WebhookRequest {
  return { contentType: 'application/json', body, headers: { Authorization: `Basic ${Buffer.from(userPassword).toString('base64')}` } };
}

/** A message event of SparkPost's documented payloads, about `email`, under its own `event_id`. */
const about = (fixture: ProviderEvent, email: string, eventId: string): ProviderEvent => ({
  ...fixture,
  rcpt_to: email,
  raw_rcpt_to: email,
  event_id: eventId,
});
/** A batch of one: the message event as an element of the posted array. */
const batchOf = (event: ProviderEvent): string => JSON.stringify([element(event)]);

export const sparkpost: WebhookProvider = {
  name: 'sparkpost',
  path: '/api/v1/webhooks/sparkpost',
  env: () => ({ SPARKPOST_WEBHOOK_BASIC_AUTH: configured() }),
  requiredVariable: 'SPARKPOST_WEBHOOK_BASIC_AUTH',

  signed: (event) => post(batchOf(event), configured()),
  wronglySigned: (event) => post(batchOf(event), `sparkpost:${randomBytes(18).toString('base64url')}`),
  signedBody: (body) => post(body, configured()),

  hardBounce: (email, eventId) => about(BOUNCE_INVALID_RECIPIENT, email, eventId),
  complaint: (email, eventId) => about(SPAM_COMPLAINT, email, eventId),
  delivery: (email, eventId) => about(DELIVERY, email, eventId),
};
