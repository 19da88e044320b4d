import type { WebhookProvider } from '../domain/webhook-activity';
import { WebhookNotConfiguredError } from '../domain/webhook.errors';

/** The host's names for the providers' secrets, so that a refusal says what to fix. */
export const MAILGUN_SIGNING_KEY_SETTING = 'MAILGUN_WEBHOOK_SIGNING_KEY';
export const SENDGRID_KEY_SETTING = 'SENDGRID_WEBHOOK_PUBLIC_KEY';

/** The setting each provider's webhook cannot work without, by its name in the environment. */
const REQUIRED_SETTING: Readonly<Record<WebhookProvider, { readonly provider: string; readonly setting: string; readonly isSet: (settings: WebhookSettings) => boolean }>> = {
  ses: { provider: 'SES', setting: 'SES_TOPIC_ARNS', isSet: (settings) => settings.sesTopicArns.length > 0 },
  mailgun: { provider: 'Mailgun', setting: MAILGUN_SIGNING_KEY_SETTING, isSet: (settings) => Boolean(settings.mailgunSigningKey) },
  sendgrid: { provider: 'SendGrid', setting: SENDGRID_KEY_SETTING, isSet: (settings) => Boolean(settings.sendgridPublicKey) },
};

/** The providers' secrets and allow-lists as configured; a provider left unset refuses its webhook. */
export class WebhookSettings {
  constructor(
    /** SNS topics whose messages are accepted (empty: the SES webhook refuses everything). */
    readonly sesTopicArns: readonly string[],
    /** PEM files trusted for SNS signing, named as the last segment of their SigningCertURL. */
    readonly snsCertificatesDir: string | null,
    readonly mailgunSigningKey: string | null,
    /** SendGrid's verification key: base64 DER (as its dashboard shows it) or PEM. */
    readonly sendgridPublicKey: string | null,
  ) {}

  /** Whether the provider's required setting is made (its webhook refuses everything until it is). */
  isConfigured(provider: WebhookProvider): boolean {
    return REQUIRED_SETTING[provider].isSet(this);
  }

  /** Fails closed (503 `NOT_CONFIGURED`), naming the setting, while the provider's is not made. */
  assertConfigured(provider: WebhookProvider): void {
    const { provider: name, setting, isSet } = REQUIRED_SETTING[provider];
    if (!isSet(this)) throw new WebhookNotConfiguredError(name, setting);
  }
}
