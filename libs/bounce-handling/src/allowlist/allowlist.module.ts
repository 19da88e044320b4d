import { type DynamicModule, Module } from '@nestjs/common';
import { AllowListController } from './adapters/http/allow-list.controller';
import { AllowListPersistenceModule } from './adapters/persistence/allow-list-persistence.module';
import { AllowListFacade } from './application/allow-list.facade';
import { AllowPattern } from './application/allow-pattern.use-case';
import { DisallowPattern } from './application/disallow-pattern.use-case';
import { FindAllowListed } from './application/find-allow-listed.use-case';
import { ListAllowList } from './application/list-allow-list.use-case';

/** The allow-list: seed inboxes and test domains whose reports never change them; its API, and `AllowListFacade` for bounces and the importers. */
@Module({
  imports: [AllowListPersistenceModule],
  controllers: [AllowListController],
  providers: [AllowPattern, DisallowPattern, ListAllowList, FindAllowListed, AllowListFacade],
  exports: [AllowListFacade],
})
export class AllowListModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to. */
  static register(shared: DynamicModule): DynamicModule {
    return { module: AllowListModule, imports: [shared] };
  }
}
