import { Module } from '@nestjs/common';
import { PostgresAllowListRepository } from './postgres-allow-list-repository.adapter';

/** The stored allow-list; `AllowListModule` puts the copy of this process (`CachedAllowListRepository`) before it. */
@Module({
  providers: [PostgresAllowListRepository],
  exports: [PostgresAllowListRepository],
})
export class AllowListPersistenceModule {}
