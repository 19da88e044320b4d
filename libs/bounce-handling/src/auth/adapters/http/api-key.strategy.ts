import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { AuthenticateApiKey } from '../../application/api-keys.use-cases';
import type { ApiKey } from '../../domain/api-key';

export const API_KEY_STRATEGY = 'bounce-handling-api-key';

/** The key from `Authorization: Bearer <key>` or, failing that, `X-API-Key: <key>`. */
export function presentedApiKey(request: Pick<Request, 'headers'>): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : '';
  }
  const header = request.headers['x-api-key'];
  if (typeof header === 'string') return header.trim();
  return null;
}

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(private readonly authenticateApiKey: AuthenticateApiKey) {
    super();
  }

  validate(request: Request): Promise<ApiKey> {
    return this.authenticateApiKey.execute(presentedApiKey(request));
  }
}
