import { applyDecorators, Controller, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';
import { JsonBodyInterceptor } from './json-body.interceptor';
import { createRequestValidationPipe } from './request-validation';

/**
 * A controller of the library's JSON API: its routes take JSON bodies only, validate requests
 * and answer errors in the API's envelope by themselves, whatever the host's global pipes and
 * filters are.
 */
export function BounceHandlingController(path: string): ClassDecorator {
  return applyDecorators(
    Controller(path),
    UseFilters(ApiExceptionFilter),
    UseInterceptors(JsonBodyInterceptor),
    UsePipes(createRequestValidationPipe()),
  );
}
