import type { WebhookSetting, WebhookSettingList } from '../../../application/webhook-settings';

const SNS_TOPIC_ARN = /^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/;

/** The SNS topics whose messages are accepted; without one the webhook refuses everything. */
export const SES_TOPIC_ARNS = {
  option: 'topicArns',
  variable: 'SES_TOPIC_ARNS',
  kind: 'list',
  required: true,
  check: (arn: string, name: string) => (SNS_TOPIC_ARN.test(arn) ? null : `${name}: "${arn}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)`),
} as const satisfies WebhookSetting;

/** A folder of PEM files trusted for SNS signing, named as the last segment of their SigningCertURL, consulted before any fetch. */
export const SNS_CERTIFICATES_DIR = { option: 'certificatesDir', variable: 'SNS_CERTIFICATES_DIR', kind: 'path' } as const satisfies WebhookSetting;

export const SES_WEBHOOK_SETTINGS = [SES_TOPIC_ARNS, SNS_CERTIFICATES_DIR] as const satisfies WebhookSettingList;
