import { basicAuthCredentialProblem } from '../../../application/basic-auth-credentials';
import type { WebhookSetting, WebhookSettingList } from '../../../application/webhook-settings';

/**
 * The HTTP Basic credentials written in Mailjet's event webhook URL
 * (`https://user:password@host/api/v1/webhooks/mailjet`): `user:password`, several during a
 * rotation. Mailjet signs nothing, so without them the webhook refuses everything.
 */
export const MAILJET_BASIC_AUTH = {
  option: 'credentials',
  variable: 'MAILJET_WEBHOOK_BASIC_AUTH',
  kind: 'list',
  required: true,
  check: basicAuthCredentialProblem,
} as const satisfies WebhookSetting;

export const MAILJET_WEBHOOK_SETTINGS = [MAILJET_BASIC_AUTH] as const satisfies WebhookSettingList;
