import { MAX_REFUSAL_MESSAGE_LENGTH, type WebhookRefusal, type WebhookRefusalReason } from '../../domain/webhook-activity';

/** The error codes the webhooks answer with, as reasons an operator reads. */
const REASON_OF_CODE: Readonly<Record<string, WebhookRefusalReason>> = {
  NOT_CONFIGURED: 'not_configured',
  UNAUTHORIZED: 'bad_signature',
  FORBIDDEN: 'unknown_topic',
  VALIDATION_ERROR: 'malformed',
  NOT_ACCEPTABLE: 'malformed',
  PAYLOAD_TOO_LARGE: 'too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
};

/**
 * The refusal an error answer stands for: a 4xx, or the 503 of a webhook that is not
 * configured. Other 5xx answers (database or AWS unreachable) ask the provider to retry and
 * refuse nothing: null.
 */
export function refusalOf(status: number, error: { readonly code: string; readonly message: string }): WebhookRefusal | null {
  const refused = (status >= 400 && status < 500) || error.code === 'NOT_CONFIGURED';
  if (!refused) return null;
  const message = error.message.length <= MAX_REFUSAL_MESSAGE_LENGTH ? error.message : `${error.message.slice(0, MAX_REFUSAL_MESSAGE_LENGTH - 1)}…`;
  return { reason: REASON_OF_CODE[error.code] ?? 'other', status, message };
}
