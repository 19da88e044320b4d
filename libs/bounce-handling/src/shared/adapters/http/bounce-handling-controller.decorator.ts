import { applyDecorators, Controller, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';
import { JsonBodyGuard } from './json-body.guard';
import { createRequestValidationPipe } from './request-validation';

/**
 * A controller of the library's JSON API: its routes take JSON bodies only, validate requests
 * and answer errors in the API's envelope by themselves, whatever the host's global pipes and
 * filters are. Put it above `RequirePermission`, so that the key is checked before the body.
 */
export function BounceHandlingController(path: string): ClassDecorator {
  return applyDecorators(
    Controller(path),
    UseFilters(ApiExceptionFilter),
    // Runs after the guards of decorators below this one (RequirePermission's API-key guard).
    UseGuards(JsonBodyGuard),
    UsePipes(createRequestValidationPipe()),
  );
}
