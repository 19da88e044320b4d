import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ApiKeyRepository } from '../../application/ports/api-key.repository.port';
import { ApiKeyOrmEntity } from './api-key.orm-entity';
import { MikroOrmApiKeyRepository } from './mikro-orm-api-key-repository.adapter';

@Module({
  imports: [MikroOrmModule.forFeature([ApiKeyOrmEntity])],
  providers: [{ provide: ApiKeyRepository, useClass: MikroOrmApiKeyRepository }],
  exports: [ApiKeyRepository],
})
export class AuthPersistenceModule {}
