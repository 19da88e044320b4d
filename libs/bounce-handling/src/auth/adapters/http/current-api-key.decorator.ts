import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiKey } from '../../domain/api-key';

/** The API key that authenticated the request (on routes behind `@RequirePermission`). */
export const CurrentApiKey = createParamDecorator((_data: unknown, context: ExecutionContext): ApiKey => {
  return context.switchToHttp().getRequest<{ user: ApiKey }>().user;
});
