// To hold a new provider's webhook (Postmark, SparkPost, Mailjet, Brevo, Resend, …) to the
// promises every webhook makes, write its description beside these (`<provider>.ts`, a
// `WebhookProvider`) and add it to this list: test/webhooks-conformance.e2e-spec.ts then runs
// every conformance test against it. Nothing else is to be changed.
import { mailgun } from './mailgun';
import { postmark } from './postmark';
import { mailjet } from './mailjet';
import { sendgrid } from './sendgrid';
import { ses } from './ses';
import { resend } from './resend';
import { sparkpost } from './sparkpost';
import type { WebhookProvider } from './webhook-provider';
import { brevo } from './brevo';

export type { ProviderEvent, WebhookProvider, WebhookRequest } from './webhook-provider';

export const WEBHOOK_PROVIDERS: readonly WebhookProvider[] = [ses, mailgun, sendgrid, postmark, sparkpost, mailjet, brevo, resend];
