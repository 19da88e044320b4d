import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aMailgunSigningKey, signedMailgunJson } from '../mailgun-signer';
import type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

const FIXTURES = join(__dirname, '../../../libs/bounce-handling/src/webhooks/providers/mailgun/adapters/http/__fixtures__');

/** The `event-data` of one of Mailgun's documented JSON webhooks, about `email`, under its own event `id`. */
function eventData(fixture: string, email: string, eventId: string): ProviderEvent {
  const { 'event-data': data } = JSON.parse(readFileSync(join(FIXTURES, `${fixture}.json`), 'utf8')) as { 'event-data': ProviderEvent };
  return { ...data, id: eventId, recipient: email };
}

let signingKey: string | undefined;
const configured = () => (signingKey ??= aMailgunSigningKey());

const json = (body: unknown): WebhookRequest => ({ contentType: 'application/json', body: JSON.stringify(body) });

export const mailgun: WebhookProvider = {
  name: 'mailgun',
  path: '/api/v1/webhooks/mailgun',
  env: () => ({ MAILGUN_WEBHOOK_SIGNING_KEY: configured() }),
  requiredVariable: 'MAILGUN_WEBHOOK_SIGNING_KEY',

  // Mailgun signs a timestamp and a token, not the body: the signature is a field of the body,
  // made afresh for every delivery (a re-delivery differs in it).
  signed: (event) => json(signedMailgunJson(configured(), event)),
  wronglySigned: (event) => json(signedMailgunJson(aMailgunSigningKey(), event)),
  signedBody: (body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { contentType: 'application/json', body }; // nowhere to put a signature
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { contentType: 'application/json', body };
    return json({ ...parsed, signature: signedMailgunJson(configured(), null).signature });
  },

  hardBounce: (email, eventId) => eventData('json-failed-permanent-no-id', email, eventId),
  complaint: (email, eventId) => eventData('json-complained', email, eventId),
  delivery: (email, eventId) => eventData('json-delivered', email, eventId),
};
