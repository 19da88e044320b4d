import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { NotFoundError, ValidationError } from '../../shared/domain/domain-error';
import { type ApiKey, MAX_API_KEY_NAME_LENGTH } from '../domain/api-key';
import { AuthenticationError } from '../domain/auth.errors';
import { isPermission, PERMISSIONS, type Permission } from '../domain/permission';
import { generateApiKeySecret, hashApiKeySecret } from './api-key-secret';
import { ApiKeyRepository } from './ports/api-key.repository.port';

/** How stale `last_used_at` may get before a use writes it again: one write a minute at most. */
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_PRESENTED_KEY_LENGTH = 200;
/** The name of the key made from BOOTSTRAP_API_KEY, kept for it alone. */
export const BOOTSTRAP_KEY_NAME = 'bootstrap';

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
    if (trimmedName.length === 0 || trimmedName.length > MAX_API_KEY_NAME_LENGTH)
      throw new ValidationError(`name must be 1 to ${MAX_API_KEY_NAME_LENGTH} characters`);
    if (trimmedName === BOOTSTRAP_KEY_NAME) throw new ValidationError(`name "${BOOTSTRAP_KEY_NAME}" is kept for the key of BOOTSTRAP_API_KEY: choose another`);
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

/**
 * Makes sure the deployment's bootstrap key (BOOTSTRAP_API_KEY) exists with every permission,
 * and that it is the only one: the key of a previous value is revoked, so that rotating the
 * variable retires the old key.
 */
@Injectable()
export class EnsureBootstrapApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(secret: string): Promise<ApiKey> {
    const now = this.clock.now();
    const key = await this.keys.upsert({ name: BOOTSTRAP_KEY_NAME, keyHash: hashApiKeySecret(secret), permissions: [...PERMISSIONS], createdAt: now });
    await this.keys.revokeNamedExcept(BOOTSTRAP_KEY_NAME, key.id, now);
    return key;
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
