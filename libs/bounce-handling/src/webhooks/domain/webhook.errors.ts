import { DomainError } from '../../shared/domain/domain-error';

/** The request does not carry a valid signature of the provider. */
export class WebhookSignatureError extends DomainError {
  readonly code = 'UNAUTHORIZED' as const;
}

/** Authentic, perhaps, but not for us (an SNS topic that is not on the allow-list). */
export class WebhookNotAllowedError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}

/** The body is not what the provider sends; retrying it cannot help. */
export class MalformedWebhookError extends DomainError {
  readonly code = 'VALIDATION_ERROR' as const;
}

/** The provider's secret is not configured: the webhook fails closed, naming the setting. */
export class WebhookNotConfiguredError extends DomainError {
  readonly code = 'NOT_CONFIGURED' as const;

  constructor(provider: string, setting: string) {
    super(`The ${provider} webhook is not configured: set ${setting}`);
  }
}
