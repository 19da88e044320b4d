import type { WebhookProviderDefinition } from '../../webhook-provider';
import { MailjetWebhookController } from './adapters/http/mailjet-webhook.controller';
import { MAILJET_WEBHOOK_SETTINGS } from './application/mailjet-webhook.settings';

/** Mailjet's event webhook: single events or grouped arrays, authenticated by HTTP Basic credentials in its URL. */
export const MAILJET_WEBHOOK_PROVIDER = {
  name: 'mailjet',
  displayName: 'Mailjet',
  controller: MailjetWebhookController,
  // BasicAuthVerifier is provided by WebhooksModule for every HTTP Basic provider.
  providers: [],
  settings: MAILJET_WEBHOOK_SETTINGS,
  // The controller parses its JSON itself: a `MessageID` over 2^53 must keep its digits, which
  // the host's JSON parser would round.
  rawBodyTypes: ['application/json'],
} as const satisfies WebhookProviderDefinition<'mailjet'>;
