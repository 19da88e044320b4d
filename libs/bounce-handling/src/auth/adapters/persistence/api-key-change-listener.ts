import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connectionOptions } from '../../../shared/adapters/persistence/postgres-connection-pool';
import { PostgresChannelListener } from '../../../shared/adapters/persistence/postgres-channel-listener';
import { CachedApiKeyRepository } from './cached-api-key-repository.adapter';

/** The channel the database notifies when API keys change (migration `ApiKeyChanges`, a trigger on `api_keys`). */
export const API_KEY_CHANGES_CHANNEL = 'mailpass_api_keys';

/**
 * Listens, from the application's start to its shutdown, for the database's notice that API keys
 * changed, and has the cache of this process forget them all then. Until it listens, and whenever
 * it stops listening, the cache asks the database at every look-up.
 */
@Injectable()
export class ApiKeyChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener: PostgresChannelListener;

  constructor(em: EntityManager, cache: CachedApiKeyRepository) {
    this.listener = new PostgresChannelListener(
      () => connectionOptions(em),
      API_KEY_CHANGES_CHANNEL,
      () => cache.forgetAll(),
    );
    cache.follow(this.listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }
}
