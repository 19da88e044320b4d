import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { NotFoundError, ValidationError } from '../../shared/domain/domain-error';
import type { ApiKey } from '../domain/api-key';
import { AuthenticationError } from '../domain/auth.errors';
import { isPermission, PERMISSIONS, type Permission } from '../domain/permission';
import { generateApiKeySecret, hashApiKeySecret } from './api-key-secret';
import { ApiKeyRepository } from './ports/api-key.repository.port';

/** How stale `last_used_at` may get before a use writes it again: one write a minute at most. */
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_PRESENTED_KEY_LENGTH = 200;

export interface CreatedApiKey {
  readonly apiKey: ApiKey;
  /** The key itself: shown once, never stored. */
  readonly secret: string;
}

@Injectable()
export class CreateApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(name: string, permissions: readonly string[]): Promise<CreatedApiKey> {
    const trimmedName = name.trim();
    if (trimmedName.length === 0 || trimmedName.length > 100) throw new ValidationError('name must be 1 to 100 characters');
    const unknown = permissions.filter((permission) => !isPermission(permission));
    if (permissions.length === 0 || unknown.length > 0) {
      throw new ValidationError(`permissions must be one or more of: ${PERMISSIONS.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
    }
    const secret = generateApiKeySecret();
    const apiKey = await this.keys.add({
      name: trimmedName,
      keyHash: hashApiKeySecret(secret),
      permissions: [...new Set(permissions as Permission[])],
      createdAt: this.clock.now(),
    });
    return { apiKey, secret };
  }
}

@Injectable()
export class ListApiKeys {
  constructor(private readonly keys: ApiKeyRepository) {}

  execute(): Promise<ApiKey[]> {
    return this.keys.list();
  }
}

@Injectable()
export class RevokeApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: number): Promise<ApiKey> {
    const revoked = await this.keys.revoke(id, this.clock.now());
    if (!revoked) throw new NotFoundError(`No API key with id ${id}`);
    return revoked;
  }
}

/** Makes sure the deployment's bootstrap key exists with every permission (BOOTSTRAP_API_KEY). */
@Injectable()
export class EnsureBootstrapApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  execute(secret: string): Promise<ApiKey> {
    return this.keys.upsert({ name: 'bootstrap', keyHash: hashApiKeySecret(secret), permissions: [...PERMISSIONS], createdAt: this.clock.now() });
  }
}

@Injectable()
export class AuthenticateApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(presented: string | null): Promise<ApiKey> {
    if (presented === null || presented.length === 0) {
      throw new AuthenticationError('An API key is required: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    }
    const key = presented.length <= MAX_PRESENTED_KEY_LENGTH ? await this.keys.findByHash(hashApiKeySecret(presented)) : null;
    if (!key || key.isRevoked) throw new AuthenticationError('The API key is not valid');
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) await this.keys.markUsed(key.id, now);
    return key;
  }
}
