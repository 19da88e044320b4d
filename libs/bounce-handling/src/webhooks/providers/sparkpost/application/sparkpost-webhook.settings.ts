import { basicAuthCredentialProblem } from '../../../application/basic-auth-credentials';
import type { WebhookSetting, WebhookSettingList } from '../../../application/webhook-settings';

/**
 * The HTTP Basic credentials written in the URL of SparkPost's webhook (`user:password`, several
 * during a rotation); without them the webhook refuses everything.
 */
export const SPARKPOST_CREDENTIALS = {
  option: 'credentials',
  variable: 'SPARKPOST_WEBHOOK_BASIC_AUTH',
  kind: 'list',
  required: true,
  check: basicAuthCredentialProblem,
} as const satisfies WebhookSetting;

export const SPARKPOST_WEBHOOK_SETTINGS = [SPARKPOST_CREDENTIALS] as const satisfies WebhookSettingList;
