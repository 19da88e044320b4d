import type { WebhookSetting, WebhookSettingList } from '../../../application/webhook-settings';

/** How Resend shows a webhook's signing secret: `whsec_` and the key in base64 (Svix's form). */
const SIGNING_SECRET = /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

/**
 * What is wrong with a Resend signing secret, or null. Resend's API key (`re_…`) or a secret
 * cut short on copying would otherwise only show as every webhook refused with 401.
 */
export function resendSigningSecretProblem(value: string, name: string): string | null {
  return SIGNING_SECRET.test(value) ? null : `${name} must be the webhook's signing secret as Resend shows it: whsec_ followed by base64`;
}

/** The signing secret of the Resend webhook (Svix); without it the webhook refuses everything. */
export const RESEND_SIGNING_SECRET = {
  option: 'signingSecret',
  variable: 'RESEND_WEBHOOK_SECRET',
  kind: 'text',
  required: true,
  check: resendSigningSecretProblem,
} as const satisfies WebhookSetting;

export const RESEND_WEBHOOK_SETTINGS = [RESEND_SIGNING_SECRET] as const satisfies WebhookSettingList;
