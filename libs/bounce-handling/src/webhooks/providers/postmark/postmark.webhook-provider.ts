import type { WebhookProviderDefinition } from '../../webhook-provider';
import { PostmarkWebhookController } from './adapters/http/postmark-webhook.controller';
import { POSTMARK_WEBHOOK_SETTINGS } from './application/postmark-webhook.settings';

/** Postmark's webhooks: one JSON record per request, authenticated by HTTP Basic credentials in the webhook's URL. */
export const POSTMARK_WEBHOOK_PROVIDER = {
  name: 'postmark',
  displayName: 'Postmark',
  controller: PostmarkWebhookController,
  // BasicAuthVerifier is provided by WebhooksModule for every provider authenticated that way.
  providers: [],
  settings: POSTMARK_WEBHOOK_SETTINGS,
} as const satisfies WebhookProviderDefinition<'postmark'>;
