import { Module } from '@nestjs/common';
import { AllowListRepository } from '../../application/ports/allow-list.repository.port';
import { PostgresAllowListRepository } from './postgres-allow-list-repository.adapter';

@Module({
  providers: [{ provide: AllowListRepository, useClass: PostgresAllowListRepository }],
  exports: [AllowListRepository],
})
export class AllowListPersistenceModule {}
