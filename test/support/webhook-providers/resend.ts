import { randomUUID } from 'node:crypto';
import { resendFixture } from '../../../libs/bounce-handling/src/webhooks/providers/resend/adapters/http/__fixtures__';
import { aResendSigningSecret, svixHeaders } from '../resend-signer';
import type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

let secret: string | undefined;
let stranger: string | undefined;
const configured = () => (secret ??= aResendSigningSecret());

/**
 * Resend's own id of a report is Svix's message id, a header rather than a field of the event:
 * an event made here carries it under this symbol, which spreading keeps and JSON leaves out.
 */
const SVIX_ID = Symbol('svix-id');
const svixIdOf = (event: ProviderEvent): string => (event as { [SVIX_ID]?: string })[SVIX_ID] ?? `msg_${randomUUID()}`;

function post(event: ProviderEvent, by: string): WebhookRequest {
  const body = JSON.stringify(event);
  return { contentType: 'application/json', body, headers: svixHeaders(by, svixIdOf(event), body) };
}

/** One of Resend's documented events, about `email` alone, delivered by Svix as message `svixId`. */
function about(fixture: string, email: string, svixId: string): ProviderEvent {
  const event = resendFixture(fixture);
  return { ...event, data: { ...(event.data as object), to: [email] }, [SVIX_ID]: svixId } as ProviderEvent;
}

export const resend: WebhookProvider = {
  name: 'resend',
  path: '/api/v1/webhooks/resend',
  env: () => ({ RESEND_WEBHOOK_SECRET: configured() }),
  requiredVariable: 'RESEND_WEBHOOK_SECRET',

  signed: (event) => post(event, configured()),
  wronglySigned: (event) => post(event, (stranger ??= aResendSigningSecret())),
  signedBody: (body) => ({ contentType: 'application/json', body, headers: svixHeaders(configured(), `msg_${randomUUID()}`, body) }),

  hardBounce: (email, eventId) => about('bounced-permanent-general-user-unknown', email, eventId),
  complaint: (email, eventId) => about('complained', email, eventId),
  delivery: (email, eventId) => about('delivered', email, eventId),
};
