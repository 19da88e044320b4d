import type { WebhookSetting, WebhookSettingList } from '../../../application/webhook-settings';

/** Mailgun's HTTP webhook signing key (not its API key); without it the webhook refuses everything. */
export const MAILGUN_SIGNING_KEY = {
  option: 'signingKey',
  variable: 'MAILGUN_WEBHOOK_SIGNING_KEY',
  kind: 'text',
  required: true,
} as const satisfies WebhookSetting;

export const MAILGUN_WEBHOOK_SETTINGS = [MAILGUN_SIGNING_KEY] as const satisfies WebhookSettingList;
