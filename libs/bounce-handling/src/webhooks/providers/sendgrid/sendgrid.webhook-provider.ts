import type { WebhookProviderDefinition } from '../../webhook-provider';
import { SendGridSignatureVerifier } from './adapters/http/sendgrid-signature.verifier';
import { SendGridWebhookController } from './adapters/http/sendgrid-webhook.controller';
import { SENDGRID_WEBHOOK_SETTINGS } from './application/sendgrid-webhook.settings';

/** SendGrid's signed event webhook: batches of events in a JSON array, signed with ECDSA P-256. */
export const SENDGRID_WEBHOOK_PROVIDER = {
  name: 'sendgrid',
  displayName: 'SendGrid',
  controller: SendGridWebhookController,
  providers: [SendGridSignatureVerifier],
  settings: SENDGRID_WEBHOOK_SETTINGS,
} as const satisfies WebhookProviderDefinition<'sendgrid'>;
