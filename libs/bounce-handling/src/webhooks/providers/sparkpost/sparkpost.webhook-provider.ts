import type { WebhookProviderDefinition } from '../../webhook-provider';
import { SparkPostWebhookController } from './adapters/http/sparkpost-webhook.controller';
import { SPARKPOST_WEBHOOK_SETTINGS } from './application/sparkpost-webhook.settings';

/** SparkPost's (Bird's) event webhook: batches of `msys` events in a JSON array, authenticated by HTTP Basic credentials. */
export const SPARKPOST_WEBHOOK_PROVIDER = {
  name: 'sparkpost',
  displayName: 'SparkPost',
  controller: SparkPostWebhookController,
  providers: [],
  settings: SPARKPOST_WEBHOOK_SETTINGS,
} as const satisfies WebhookProviderDefinition<'sparkpost'>;
