import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Permission } from '../../domain/permission';
import { ApiErrorResponses } from '../../../shared/adapters/http/api-docs';
import { ApiKeyGuard, REQUIRED_PERMISSION } from './api-key.guard';
export const API_KEY_SECURITY = 'api-key';
export const BEARER_SECURITY = 'bearer';

/**
 * The route needs an API key (in `Authorization: Bearer …` or `X-API-Key`) that has this
 * permission: 401 without a valid key, 403 without the permission, 429 over the rate limit.
 */
export function RequirePermission(permission: Permission): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, permission),
    UseGuards(ApiKeyGuard),
    ApiSecurity(API_KEY_SECURITY),
    ApiSecurity(BEARER_SECURITY),
    ApiErrorResponses(401, 403, 429),
  );
}
