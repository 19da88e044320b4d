import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ApiErrorEnvelopeDto } from '../../../shared/adapters/http/api-docs';

/**
 * The 401 and 503 answers of a webhook authenticated by HTTP Basic credentials (`BasicAuthVerifier`),
 * as Swagger shows them: `displayName` as the messages call the provider, `variable` its
 * credentials' setting, `retries` how the provider retries a 503.
 */
export function ApiBasicAuthWebhookRefusals(displayName: string, variable: string, retries = `${displayName} retries`): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ApiErrorEnvelopeDto),
    ApiResponse({
      status: 401,
      description: `The HTTP Basic credentials are missing or not one of the pairs of ${variable}`,
      schema: { $ref: getSchemaPath(ApiErrorEnvelopeDto) },
      example: { success: false, error: { code: 'UNAUTHORIZED', message: `The ${displayName} webhook's HTTP Basic credentials are not the configured ones` } },
    }),
    ApiResponse({
      status: 503,
      description: `${variable} is unset, or the database is unavailable; ${retries}`,
      schema: { $ref: getSchemaPath(ApiErrorEnvelopeDto) },
      example: { success: false, error: { code: 'NOT_CONFIGURED', message: `The ${displayName} webhook is not configured: set ${variable}` } },
    }),
  );
}
