import { applyDecorators, Controller, UseFilters, UsePipes } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';
import { createRequestValidationPipe } from './request-validation';

/**
 * A controller of the library: its routes validate requests and answer errors in the API's
 * envelope by themselves, whatever the host's global pipes and filters are.
 */
export function BounceHandlingController(path: string): ClassDecorator {
  return applyDecorators(Controller(path), UseFilters(ApiExceptionFilter), UsePipes(createRequestValidationPipe()));
}
