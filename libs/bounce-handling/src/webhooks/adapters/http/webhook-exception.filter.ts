import { Catch } from '@nestjs/common';
import { ApiExceptionFilter } from '../../../shared/adapters/http/api-exception.filter';
import { failure } from '../../../shared/adapters/http/api-envelope';
import { MalformedWebhookError } from '../../domain/webhook.errors';

/** What a provider is answered when it posts a payload that cannot be read. */
export type MalformedPayloadStatus = 400 | 406;

const CODE_OF_MALFORMED_STATUS: Readonly<Record<MalformedPayloadStatus, string>> = { 400: 'VALIDATION_ERROR', 406: 'NOT_ACCEPTABLE' };

/**
 * The API's error envelope, with a provider's own answer to a `MalformedWebhookError`: some
 * providers (Mailgun) stop retrying only on a 406, and re-sending bytes that cannot be read
 * never helps.
 */
@Catch()
export class WebhookExceptionFilter extends ApiExceptionFilter {
  constructor(private readonly malformedPayloadStatus: MalformedPayloadStatus) {
    super();
  }

  override describe(exception: unknown): ReturnType<ApiExceptionFilter['describe']> {
    if (!(exception instanceof MalformedWebhookError)) return super.describe(exception);
    const status = this.malformedPayloadStatus;
    return { status, body: failure(CODE_OF_MALFORMED_STATUS[status], exception.message, exception.details) };
  }
}
