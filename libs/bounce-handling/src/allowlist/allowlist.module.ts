import { type DynamicModule, Module } from '@nestjs/common';
import { AllowListController } from './adapters/http/allow-list.controller';
import { AllowListPersistenceModule } from './adapters/persistence/allow-list-persistence.module';
import { CachedAllowListRepository } from './adapters/persistence/cached-allow-list-repository.adapter';
import { PostgresAllowListRepository } from './adapters/persistence/postgres-allow-list-repository.adapter';
import { AllowListFacade } from './application/allow-list.facade';
import { AllowPattern } from './application/allow-pattern.use-case';
import { DisallowPattern } from './application/disallow-pattern.use-case';
import { FindAllowListed } from './application/find-allow-listed.use-case';
import { ListAllowList } from './application/list-allow-list.use-case';
import { AllowListRepository } from './application/ports/allow-list.repository.port';
import { TableChanges } from '../shared/adapters/persistence/table-changes';

/** The allow-list: seed inboxes and test domains whose reports never change them; its API, and `AllowListFacade` for bounces and the importers. */
@Module({
  imports: [AllowListPersistenceModule],
  controllers: [AllowListController],
  providers: [
    {
      provide: AllowListRepository,
      inject: [PostgresAllowListRepository, TableChanges],
      useFactory: (stored: PostgresAllowListRepository, changes: TableChanges) => new CachedAllowListRepository(stored, changes),
    },
    AllowPattern,
    DisallowPattern,
    ListAllowList,
    FindAllowListed,
    AllowListFacade,
  ],
  exports: [AllowListFacade],
})
export class AllowListModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to. */
  static register(shared: DynamicModule): DynamicModule {
    return { module: AllowListModule, imports: [shared] };
  }
}
