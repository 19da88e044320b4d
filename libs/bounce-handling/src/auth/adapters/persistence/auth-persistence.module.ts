import { Module } from '@nestjs/common';
import { ApiKeyRepository } from '../../application/ports/api-key.repository.port';
import { PostgresApiKeyRepository } from './postgres-api-key-repository.adapter';

@Module({
  providers: [{ provide: ApiKeyRepository, useClass: PostgresApiKeyRepository }],
  exports: [ApiKeyRepository],
})
export class AuthPersistenceModule {}
