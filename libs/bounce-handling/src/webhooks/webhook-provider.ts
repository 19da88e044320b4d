import type { Provider, Type } from '@nestjs/common';
import type { WebhookProviderSettings, WebhookSettingList } from './application/webhook-settings';
import type { WebhookProvider } from './domain/webhook-activity';

/**
 * Everything the library needs to know of one provider's webhook, said by the provider's folder
 * (`providers/<name>/<name>.webhook-provider.ts`) and registered by one line of
 * `webhook-providers.ts`. The module serves its controller with its providers and counts its
 * answers; the options (`webhooks.<name>`), the host's environment variables, the refusal of an
 * unconfigured webhook, the webhooks' status and the host's body parsers all follow from it.
 */
export interface WebhookProviderDefinition<Name extends WebhookProvider = WebhookProvider> extends WebhookProviderSettings {
  /** Its path (`/api/v1/webhooks/<name>`), the `source` of its bounces, its name in the webhooks' status. */
  readonly name: Name;
  /** As messages call it: "The SES webhook is not configured: set SES_TOPIC_ARNS". */
  readonly displayName: string;
  /** Its `@WebhookController(name)`: parses, verifies, ingests and answers. */
  readonly controller: Type<unknown>;
  /** What its controller needs besides what every webhook has (`WebhookSettings`, `BouncesFacade`, `Clock`). */
  readonly providers: readonly Provider[];
  /** Its settings (`<name>-webhook.settings.ts`): each an option and an environment variable; exactly one required. */
  readonly settings: WebhookSettingList;
  /**
   * Content types of its bodies that the host's parsers must keep as raw bytes for the
   * controller to read itself, instead of parsing them as they do for the other webhooks.
   */
  readonly rawBodyTypes?: readonly string[];
}
