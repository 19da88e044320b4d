import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

const FIXTURES = join(__dirname, '../../../libs/bounce-handling/src/webhooks/providers/mailjet/adapters/http/__fixtures__');

/**
 * One of Mailjet's documented events, about `email`. Mailjet gives an event no id: its key is a
 * digest of event, email, `MessageID` and `time`, so the conformance suite's event id goes in
 * `MessageID` (the same in a re-delivery, another for another report).
 */
function event(fixture: string, email: string, eventId: string): ProviderEvent {
  const data = JSON.parse(readFileSync(join(FIXTURES, `${fixture}.json`), 'utf8')) as ProviderEvent;
  return { ...data, email, MessageID: eventId };
}

let credentials: string | undefined;
const configured = () => (credentials ??= `mailjet-${Math.random().toString(36).slice(2)}:${Math.random().toString(36).slice(2)}`);

/** Mailjet sends the credentials written in the webhook URL as HTTP Basic. */
function post(body: string, userPassword: string): WebhookRequest {
  return { contentType: 'application/json', body, headers: { Authorization: `Basic ${Buffer.from(userPassword).toString('base64')}` } };
}

export const mailjet: WebhookProvider = {
  name: 'mailjet',
  path: '/api/v1/webhooks/mailjet',
  env: () => ({ MAILJET_WEBHOOK_BASIC_AUTH: configured() }),
  requiredVariable: 'MAILJET_WEBHOOK_BASIC_AUTH',

  // A single event, as Mailjet posts it without "Group events".
  signed: (data) => post(JSON.stringify(data), configured()),
  wronglySigned: (data) => post(JSON.stringify(data), `${configured()}-not`),
  signedBody: (body) => post(body, configured()),

  hardBounce: (email, eventId) => event('bounce-user-unknown', email, eventId),
  complaint: (email, eventId) => event('spam', email, eventId),
  delivery: (email, eventId) => event('sent', email, eventId),
};
