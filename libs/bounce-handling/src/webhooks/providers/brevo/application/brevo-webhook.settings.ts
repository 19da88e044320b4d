import { basicAuthCredentialProblem } from '../../../application/basic-auth-credentials';
import type { WebhookSetting, WebhookSettingList } from '../../../application/webhook-settings';

/**
 * The HTTP Basic credentials written in Brevo's webhook URL (`https://user:password@host/…`),
 * as `user:password` pairs, several during a rotation; without them the webhook refuses
 * everything (Brevo signs nothing: these credentials are its only authenticity).
 */
export const BREVO_CREDENTIALS = {
  option: 'credentials',
  variable: 'BREVO_WEBHOOK_BASIC_AUTH',
  kind: 'list',
  required: true,
  check: basicAuthCredentialProblem,
} as const satisfies WebhookSetting;

export const BREVO_WEBHOOK_SETTINGS = [BREVO_CREDENTIALS] as const satisfies WebhookSettingList;
