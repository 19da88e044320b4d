import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class ApiErrorDto {
  @ApiProperty({ example: 'VALIDATION_ERROR', description: 'Stable, machine-readable error code' })
  code!: string;

  @ApiProperty({ example: 'limit: must not be greater than 100' })
  message!: string;

  @ApiPropertyOptional({
    description: 'For validation errors, each field at fault',
    example: [{ field: 'limit', message: 'must not be greater than 100' }],
  })
  details?: unknown;
}

export class ApiErrorEnvelopeDto {
  @ApiProperty({ example: false })
  success!: false;

  @ApiProperty({ type: ApiErrorDto })
  error!: ApiErrorDto;
}

const ERROR_DESCRIPTIONS: Record<number, [code: string, description: string]> = {
  400: ['VALIDATION_ERROR', 'The request is invalid; `details` names each field at fault'],
  401: ['UNAUTHORIZED', 'No API key, or an unknown or revoked one'],
  403: ['FORBIDDEN', 'The API key lacks the permission this endpoint needs'],
  404: ['NOT_FOUND', 'No such resource'],
  409: ['CONFLICT', 'The resource already exists'],
  413: ['PAYLOAD_TOO_LARGE', 'The request body is over the size limit'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'The request body is not of a supported content type'],
  429: ['RATE_LIMITED', 'Too many requests with this API key (or, without a valid key, from this address); retry after `Retry-After` seconds'],
  503: ['SERVICE_UNAVAILABLE', 'The database is unavailable; retry later'],
};

/** Documents each error the endpoint can answer, in the error envelope. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ApiErrorEnvelopeDto),
    ...statuses.map((status) => {
      const [code, description] = ERROR_DESCRIPTIONS[status];
      return ApiResponse({
        status,
        description,
        schema: { $ref: getSchemaPath(ApiErrorEnvelopeDto) },
        example: { success: false, error: { code, message: description } },
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', example: 30 } } } } : {}),
      });
    }),
  );
}

/** Documents a success answer: `{ success: true, data: <dto> }`. */
export function ApiSuccessResponse(status: number, data: Type<unknown>, description: string, example?: object): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(data),
    ApiResponse({
      status,
      description,
      schema: {
        type: 'object',
        required: ['success', 'data'],
        properties: { success: { type: 'boolean', example: true }, data: { $ref: getSchemaPath(data) } },
      },
      // Where one DTO serves several routes, each route's own example of it.
      ...(example === undefined ? {} : { example: { success: true, data: example } }),
    }),
  );
}
