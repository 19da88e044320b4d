import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import type { ApiKey } from '../domain/api-key';
import { CreateApiKey, type CreatedApiKey, ListApiKeys, RevokeApiKey } from './api-keys.use-cases';
import { ApiKeyRepository } from './ports/api-key.repository.port';

export type { CreatedApiKey } from './api-keys.use-cases';

/**
 * What the services that import the library (and the host's CLI) may do with API keys. Built on
 * the port and the clock alone, so that a caller's unit test makes one over the testing
 * `InMemoryApiKeyRepository` without knowing the use cases behind it.
 */
@Injectable()
export class ApiKeysFacade {
  private readonly creating: CreateApiKey;
  private readonly listing: ListApiKeys;
  private readonly revoking: RevokeApiKey;

  constructor(keys: ApiKeyRepository, clock: Clock) {
    this.creating = new CreateApiKey(keys, clock);
    this.listing = new ListApiKeys(keys);
    this.revoking = new RevokeApiKey(keys, clock);
  }

  /** A new key with these permissions; its secret is in the answer and nowhere else. */
  create(name: string, permissions: readonly string[]): Promise<CreatedApiKey> {
    return this.creating.execute(name, permissions);
  }

  /** Every key, revoked ones included; never a secret or its hash. */
  list(): Promise<ApiKey[]> {
    return this.listing.execute();
  }

  /** Requests with the key are refused from now on; `NotFoundError` for an unknown id. */
  revoke(id: number): Promise<ApiKey> {
    return this.revoking.execute(id);
  }
}
