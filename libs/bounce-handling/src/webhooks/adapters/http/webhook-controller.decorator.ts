import { applyDecorators, Controller, SetMetadata, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiExceptionFilter } from '../../../shared/adapters/http/api-exception.filter';
import type { WebhookProvider } from '../../domain/webhook-activity';
import { WEBHOOK_PROVIDER, WebhookActivityInterceptor } from './webhook-activity.interceptor';

/** Where a provider posts its webhooks. */
export function webhookPath(provider: WebhookProvider): string {
  return `/api/v1/webhooks/${provider}`;
}

/**
 * A provider's webhook: authenticated by the provider's own signature (no API key), bodies
 * read raw for verification, errors in the API's envelope, every answer counted for the
 * webhooks' status.
 */
export function WebhookController(provider: WebhookProvider): ClassDecorator {
  return applyDecorators(
    Controller(webhookPath(provider)),
    SetMetadata(WEBHOOK_PROVIDER, provider),
    UseFilters(ApiExceptionFilter),
    UseInterceptors(WebhookActivityInterceptor),
    ApiTags('webhooks'),
  );
}
