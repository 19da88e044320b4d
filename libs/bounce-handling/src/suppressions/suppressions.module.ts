import { type DynamicModule, Module } from '@nestjs/common';
import { SuppressionsPersistenceModule } from './adapters/persistence/suppressions-persistence.module';
import { AddSuppressions } from './application/add-suppressions.use-case';
import { ListSuppressions } from './application/list-suppressions.use-case';
import { RemoveSuppressions } from './application/remove-suppressions.use-case';
import { SuppressionsFacade } from './application/suppressions.facade';

/** The suppression list: its API (list, add, remove) and `SuppressionsFacade`, for importers. */
@Module({})
export class SuppressionsModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to. */
  static register(shared: DynamicModule): DynamicModule {
    return {
      module: SuppressionsModule,
      imports: [shared, SuppressionsPersistenceModule.register(shared)],
      controllers: [],
      providers: [AddSuppressions, RemoveSuppressions, ListSuppressions, SuppressionsFacade],
      exports: [SuppressionsFacade],
    };
  }
}
