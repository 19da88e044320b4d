import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiExceptionFilter } from '../../../shared/adapters/http/api-exception.filter';

/**
 * A provider's webhook: authenticated by the provider's own signature (no API key), bodies
 * read raw for verification, errors in the API's envelope.
 */
export function WebhookController(provider: string): ClassDecorator {
  return applyDecorators(Controller(`api/v1/webhooks/${provider}`), UseFilters(ApiExceptionFilter), ApiTags('webhooks'));
}
