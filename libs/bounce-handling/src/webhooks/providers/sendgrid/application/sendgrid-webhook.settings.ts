import type { WebhookSetting, WebhookSettingList } from '../../../application/webhook-settings';
import { parseSendGridPublicKey } from './sendgrid-public-key';

/**
 * The verification key of SendGrid's signed event webhook, base64 DER as its dashboard shows it
 * or PEM; without it the webhook refuses everything, and one that is not an ECDSA P-256 public
 * key stops the start.
 */
export const SENDGRID_PUBLIC_KEY = {
  option: 'publicKey',
  variable: 'SENDGRID_WEBHOOK_PUBLIC_KEY',
  kind: 'multiline',
  required: true,
  check: (key: string, name: string) => {
    try {
      parseSendGridPublicKey(key);
      return null;
    } catch (error) {
      return `${name} ${(error as Error).message}`;
    }
  },
} as const satisfies WebhookSetting;

export const SENDGRID_WEBHOOK_SETTINGS = [SENDGRID_PUBLIC_KEY] as const satisfies WebhookSettingList;
