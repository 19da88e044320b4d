import { webhookPath } from './adapters/http/webhook-controller.decorator';
import { type ResolvedWebhookSettings, resolveWebhookSettings, type WebhookOptions, type WebhookSetting } from './application/webhook-settings';
import { WEBHOOK_PROVIDERS, type WebhookProvider } from './domain/webhook-activity';
import { MAILGUN_WEBHOOK_PROVIDER } from './providers/mailgun/mailgun.webhook-provider';
import { POSTMARK_WEBHOOK_PROVIDER } from './providers/postmark/postmark.webhook-provider';
import { SENDGRID_WEBHOOK_PROVIDER } from './providers/sendgrid/sendgrid.webhook-provider';
import { SES_WEBHOOK_PROVIDER } from './providers/ses/ses.webhook-provider';
import { BREVO_WEBHOOK_PROVIDER } from './providers/brevo/brevo.webhook-provider';
import { RESEND_WEBHOOK_PROVIDER } from './providers/resend/resend.webhook-provider';
import { MAILJET_WEBHOOK_PROVIDER } from './providers/mailjet/mailjet.webhook-provider';
import { SPARKPOST_WEBHOOK_PROVIDER } from './providers/sparkpost/sparkpost.webhook-provider';
import type { WebhookProviderDefinition } from './webhook-provider';

/**
 * The providers whose webhooks the library serves: one line each, under the names of the
 * domain's list (`WEBHOOK_PROVIDERS`, in `shared/domain/webhook-providers.ts`). Its type wants
 * exactly those names, each with the definition of that name: a provider left out, one the
 * domain does not name, or one under another's name does not compile.
 */
const REGISTERED = {
  ses: SES_WEBHOOK_PROVIDER,
  mailgun: MAILGUN_WEBHOOK_PROVIDER,
  sendgrid: SENDGRID_WEBHOOK_PROVIDER,
  postmark: POSTMARK_WEBHOOK_PROVIDER,
  sparkpost: SPARKPOST_WEBHOOK_PROVIDER,
  mailjet: MAILJET_WEBHOOK_PROVIDER,
  brevo: BREVO_WEBHOOK_PROVIDER,
  resend: RESEND_WEBHOOK_PROVIDER,
} as const satisfies { readonly [Name in WebhookProvider]: WebhookProviderDefinition<Name> };

type Registered = typeof REGISTERED;

/** Every provider's definition, in the domain's order (the order of the webhooks' status). */
export const WEBHOOK_PROVIDER_DEFINITIONS: readonly WebhookProviderDefinition[] = WEBHOOK_PROVIDERS.map((name) => REGISTERED[name]);

/** The options of the providers' webhooks (`webhooks` in the module's options): each provider's settings, under its name. */
export type WebhooksOptions = { readonly [Name in WebhookProvider]?: WebhookOptions<Registered[Name]['settings']> };

/** Every provider's settings as resolved, under its name. */
export type ResolvedWebhooks = { readonly [Name in WebhookProvider]: ResolvedWebhookSettings<Registered[Name]['settings']> };

/** Every provider's options resolved, with what is wrong with them, each problem naming its setting as `nameOf` says. */
export function resolveWebhooks(
  options: WebhooksOptions | undefined,
  nameOf: (provider: WebhookProvider, setting: WebhookSetting) => string,
): { readonly resolved: ResolvedWebhooks; readonly problems: readonly string[] } {
  const resolved: Partial<Record<WebhookProvider, unknown>> = {};
  const problems: string[] = [];
  for (const { name, settings } of WEBHOOK_PROVIDER_DEFINITIONS) {
    const provider = resolveWebhookSettings(settings, options?.[name] as WebhookOptions<typeof settings> | undefined, (setting) => nameOf(name, setting));
    resolved[name] = provider.resolved;
    problems.push(...provider.problems);
  }
  return { resolved: resolved as ResolvedWebhooks, problems };
}

/**
 * The providers' options as a host reads them from its own configuration: `valueOf` gives a
 * setting's value (its environment variable's, read as the setting's kind says) or undefined
 * when it is unset. The problems name each setting by its variable.
 */
export function webhookOptionsFrom(valueOf: (setting: WebhookSetting) => string | readonly string[] | undefined): {
  readonly webhooks: WebhooksOptions;
  readonly problems: readonly string[];
} {
  const webhooks: Partial<Record<WebhookProvider, Record<string, string | readonly string[]>>> = {};
  for (const { name, settings } of WEBHOOK_PROVIDER_DEFINITIONS) {
    const options: Record<string, string | readonly string[]> = {};
    for (const setting of settings) {
      const value = valueOf(setting);
      if (value !== undefined) options[setting.option] = value;
    }
    webhooks[name] = options;
  }
  return { webhooks: webhooks as WebhooksOptions, problems: resolveWebhooks(webhooks as WebhooksOptions, (_provider, setting) => setting.variable).problems };
}

/**
 * For a host's body parsers: where a webhook wants bodies of these content types as raw bytes,
 * which it reads itself, instead of parsed as the other webhooks' bodies are.
 */
export const WEBHOOK_RAW_BODIES: readonly { readonly path: string; readonly contentTypes: readonly string[] }[] = WEBHOOK_PROVIDER_DEFINITIONS.filter(
  (provider) => provider.rawBodyTypes !== undefined,
).map((provider) => ({ path: webhookPath(provider.name), contentTypes: provider.rawBodyTypes ?? [] }));
