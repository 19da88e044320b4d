import type { WebhookProviderDefinition } from '../../webhook-provider';
import { ResendSignatureVerifier } from './adapters/http/resend-signature.verifier';
import { ResendWebhookController } from './adapters/http/resend-webhook.controller';
import { RESEND_WEBHOOK_SETTINGS } from './application/resend-webhook.settings';

/** Resend's webhooks: one JSON event per request, delivered and signed by Svix. */
export const RESEND_WEBHOOK_PROVIDER = {
  name: 'resend',
  displayName: 'Resend',
  controller: ResendWebhookController,
  providers: [ResendSignatureVerifier],
  settings: RESEND_WEBHOOK_SETTINGS,
  // The signature covers the bytes as sent: the controller reads them itself, verifies, then parses.
  rawBodyTypes: ['application/json'],
} as const satisfies WebhookProviderDefinition<'resend'>;
