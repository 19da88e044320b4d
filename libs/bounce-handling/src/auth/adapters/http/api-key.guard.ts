import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiKey } from '../../domain/api-key';
import { AuthenticationError, PermissionDeniedError } from '../../domain/auth.errors';
import type { Permission } from '../../domain/permission';
import { API_KEY_STRATEGY } from './api-key.strategy';

export const REQUIRED_PERMISSION = 'bounce-handling:required-permission';

/** 401 without a valid key; 403 when the key lacks the route's permission. */
@Injectable()
export class ApiKeyGuard extends AuthGuard(API_KEY_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, [context.getHandler(), context.getClass()]);
    const key = context.switchToHttp().getRequest<{ user?: ApiKey }>().user;
    if (permission && !key?.can(permission)) {
      throw new PermissionDeniedError(`This API key lacks the "${permission}" permission`);
    }
    return true;
  }

  override handleRequest<T>(error: unknown, key: T): T {
    if (error) throw error;
    if (!key) throw new AuthenticationError('The API key is not valid');
    return key;
  }
}
