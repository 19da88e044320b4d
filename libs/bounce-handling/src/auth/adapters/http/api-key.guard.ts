import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { ApiRateLimiter, RateLimitedException } from '../../../shared/adapters/http/api-rate-limiter';
import { ApiKey } from '../../domain/api-key';
import { AuthenticationError, PermissionDeniedError } from '../../domain/auth.errors';
import type { Permission } from '../../domain/permission';
import { API_KEY_STRATEGY } from './api-key.strategy';

export const REQUIRED_PERMISSION = 'bounce-handling:required-permission';

/**
 * 401 without a valid key; 403 when the key lacks the route's permission; 429 when the caller
 * is over the rate limit — counted per API key, and per client address for requests without
 * a valid key (so that guessing keys is limited too).
 */
@Injectable()
export class ApiKeyGuard extends AuthGuard(API_KEY_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimiter: ApiRateLimiter,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: ApiKey }>();
    try {
      await super.canActivate(context);
    } catch (error) {
      await this.limit(`address:${request.ip ?? request.socket?.remoteAddress ?? 'unknown'}`, http.getResponse<Response>());
      throw error;
    }
    const key = request.user;
    if (key) await this.limit(`key:${key.id}`, http.getResponse<Response>());
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, [context.getHandler(), context.getClass()]);
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

  private async limit(caller: string, response: Response): Promise<void> {
    const decision = await this.rateLimiter.consume(caller);
    if (decision.allowed) return;
    response.setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new RateLimitedException(decision.retryAfterSeconds);
  }
}
