import { Module } from '@nestjs/common';
import { PostgresApiKeyRepository } from './postgres-api-key-repository.adapter';

/** The stored API keys; `AuthModule` puts the cache of this process (`CachedApiKeyRepository`) before them. */
@Module({
  providers: [PostgresApiKeyRepository],
  exports: [PostgresApiKeyRepository],
})
export class AuthPersistenceModule {}
