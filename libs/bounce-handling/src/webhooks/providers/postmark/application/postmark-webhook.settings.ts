import { basicAuthCredentialProblem } from '../../../application/basic-auth-credentials';
import type { WebhookSetting, WebhookSettingList } from '../../../application/webhook-settings';

/**
 * The HTTP Basic credentials written in the Postmark webhook's URL (`https://user:password@…`),
 * `user:password`, several during a rotation; without them the webhook refuses everything.
 * Postmark signs nothing: these credentials are its only proof of origin.
 */
export const POSTMARK_CREDENTIALS = {
  option: 'credentials',
  variable: 'POSTMARK_WEBHOOK_BASIC_AUTH',
  kind: 'list',
  required: true,
  check: basicAuthCredentialProblem,
} as const satisfies WebhookSetting;

export const POSTMARK_WEBHOOK_SETTINGS = [POSTMARK_CREDENTIALS] as const satisfies WebhookSettingList;
