import type { WebhookProviderDefinition } from '../../webhook-provider';
import { MailgunSignatureVerifier } from './adapters/http/mailgun-signature.verifier';
import { MailgunWebhookController } from './adapters/http/mailgun-webhook.controller';
import { MAILGUN_WEBHOOK_SETTINGS } from './application/mailgun-webhook.settings';

/** Mailgun's webhooks, JSON and legacy forms, signed with the HTTP webhook signing key. */
export const MAILGUN_WEBHOOK_PROVIDER = {
  name: 'mailgun',
  displayName: 'Mailgun',
  controller: MailgunWebhookController,
  providers: [MailgunSignatureVerifier],
  settings: MAILGUN_WEBHOOK_SETTINGS,
  // The controller reads its JSON and forms itself (repeated form fields keep their order), and
  // answers a body it cannot read with 406, the one status after which Mailgun stops retrying.
  rawBodyTypes: ['application/json', 'application/x-www-form-urlencoded'],
} as const satisfies WebhookProviderDefinition<'mailgun'>;
