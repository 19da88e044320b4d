import {
  DELIVERED,
  HARD_BOUNCE,
  SPAM_REPORT,
} from '../../../libs/bounce-handling/src/webhooks/providers/sendgrid/adapters/http/__fixtures__/sendgrid-events.fixtures';
import { SendGridSigner } from '../sendgrid-signer';
import type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

let signer: SendGridSigner | undefined;
let stranger: SendGridSigner | undefined;
const configured = () => (signer ??= SendGridSigner.generate());

/** SendGrid signs the raw body (a JSON array of events) in two headers. */
function post(body: string, by: SendGridSigner): WebhookRequest {
  return { contentType: 'application/json', body, headers: by.headers(body) };
}

/** An event of SendGrid's documented payloads, about `email`, under its own `sg_event_id`. */
const about = (fixture: ProviderEvent, email: string, eventId: string): ProviderEvent => ({ ...fixture, email, sg_event_id: eventId });

export const sendgrid: WebhookProvider = {
  name: 'sendgrid',
  path: '/api/v1/webhooks/sendgrid',
  env: () => ({ SENDGRID_WEBHOOK_PUBLIC_KEY: configured().publicKeyBase64Der }),
  requiredVariable: 'SENDGRID_WEBHOOK_PUBLIC_KEY',

  signed: (event) => post(JSON.stringify([event]), configured()),
  wronglySigned: (event) => post(JSON.stringify([event]), (stranger ??= SendGridSigner.generate())),
  signedBody: (body) => post(body, configured()),

  hardBounce: (email, eventId) => about(HARD_BOUNCE, email, eventId),
  complaint: (email, eventId) => about(SPAM_REPORT, email, eventId),
  delivery: (email, eventId) => about(DELIVERED, email, eventId),
};
