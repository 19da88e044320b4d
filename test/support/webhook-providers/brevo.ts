import { DELIVERED, HARD_BOUNCE, SPAM } from '../../../libs/bounce-handling/src/webhooks/providers/brevo/adapters/http/__fixtures__/brevo-events.fixtures';
import type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

/** Credentials of this run: the configured ones, and others that are not. */
const CREDENTIALS = `brevo-${process.pid}:${Math.random().toString(36).slice(2)}`;
const STRANGER = `brevo-${process.pid}:${Math.random().toString(36).slice(2)}-not`;

/** Brevo sends the user:password written in its webhook URL as HTTP Basic credentials. */
function post(body: string, credentials: string): WebhookRequest {
  return { contentType: 'application/json', body, headers: { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}

/**
 * An event of Brevo's documented payloads about `email`. Brevo gives no event id: the report's
 * identity is its message and time, so `eventId` names the message.
 */
const about = (fixture: ProviderEvent, email: string, eventId: string): ProviderEvent => ({
  ...fixture,
  email,
  'message-id': `<${eventId}@smtp-relay.mailin.fr>`,
});

export const brevo: WebhookProvider = {
  name: 'brevo',
  path: '/api/v1/webhooks/brevo',
  env: () => ({ BREVO_WEBHOOK_BASIC_AUTH: CREDENTIALS }),
  requiredVariable: 'BREVO_WEBHOOK_BASIC_AUTH',

  signed: (event) => post(JSON.stringify(event), CREDENTIALS),
  wronglySigned: (event) => post(JSON.stringify(event), STRANGER),
  signedBody: (body) => post(body, CREDENTIALS),

  hardBounce: (email, eventId) => about(HARD_BOUNCE, email, eventId),
  complaint: (email, eventId) => about(SPAM, email, eventId),
  delivery: (email, eventId) => about(DELIVERED, email, eventId),
};
