import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ApiKeyRepository } from '../../application/ports/api-key.repository.port';
import { ApiKeyOrmEntity } from './api-key.orm-entity';
import { PostgresApiKeyRepository } from './postgres-api-key-repository.adapter';

@Module({
  imports: [MikroOrmModule.forFeature([ApiKeyOrmEntity])],
  providers: [{ provide: ApiKeyRepository, useClass: PostgresApiKeyRepository }],
  exports: [ApiKeyRepository],
})
export class AuthPersistenceModule {}
