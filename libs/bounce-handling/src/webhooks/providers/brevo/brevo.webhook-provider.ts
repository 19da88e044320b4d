import type { WebhookProviderDefinition } from '../../webhook-provider';
import { BrevoWebhookController } from './adapters/http/brevo-webhook.controller';
import { BREVO_WEBHOOK_SETTINGS } from './application/brevo-webhook.settings';

/** Brevo's transactional (and marketing) webhook: one JSON event, or a batch of them, behind HTTP Basic credentials. */
export const BREVO_WEBHOOK_PROVIDER = {
  name: 'brevo',
  displayName: 'Brevo',
  controller: BrevoWebhookController,
  providers: [],
  settings: BREVO_WEBHOOK_SETTINGS,
} as const satisfies WebhookProviderDefinition<'brevo'>;
