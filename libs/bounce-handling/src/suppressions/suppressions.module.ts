import { type DynamicModule, Module } from '@nestjs/common';
import { SuppressionListController } from './adapters/http/suppression-list.controller';
import { SuppressionTransfersController } from './adapters/http/suppression-transfers.controller';
import { SuppressionsPersistenceModule } from './adapters/persistence/suppressions-persistence.module';
import { AddSuppressions } from './application/add-suppressions.use-case';
import { ExportSuppressions } from './application/export-suppressions.use-case';
import { ImportSuppressions } from './application/import-suppressions.use-case';
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
      // Transfers first: its `GET /suppressions/export` before any `GET /suppressions/:param`.
      controllers: [SuppressionTransfersController, SuppressionListController],
      providers: [AddSuppressions, RemoveSuppressions, ListSuppressions, SuppressionsFacade, ImportSuppressions, ExportSuppressions],
      exports: [SuppressionsFacade],
    };
  }
}
