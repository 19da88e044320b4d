import { type DynamicModule, Module } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../bounce-handling.options';
import { AllowListFacadeAllowList } from './adapters/allowlist/allow-list-facade-allow-list.adapter';
import { BouncesController } from './adapters/http/bounces.controller';
import { PacingIngestionMetrics } from './adapters/metrics/pacing-ingestion-metrics.adapter';
import { PrometheusIngestionMetrics, UncountedIngestionMetrics } from './adapters/metrics/prometheus-ingestion-metrics.adapter';
import { IngestionPace } from '../shared/adapters/load/ingestion-pace';
import { BouncesPersistenceModule } from './adapters/persistence/bounces-persistence.module';
import { BounceHandlingRules } from './application/bounce-handling-rules';
import { GetBounce } from './application/get-bounce.use-case';
import { BouncesFacade } from './application/bounces.facade';
import { IngestDeliveryEvents } from './application/ingest-delivery-events.use-case';
import { IngestionBatcher } from './application/ingestion-batcher';
import { AllowList } from './application/ports/allow-list.port';
import { DeliveryStatistics } from './application/ports/delivery-statistics.port';
import { StatisticsFacadeDeliveryStatistics } from './adapters/statistics/statistics-facade-delivery-statistics.adapter';
import { IngestionMetrics } from './application/ports/ingestion-metrics.port';
import { ListBounces } from './application/list-bounces.use-case';
import { RecordBounce } from './application/record-bounce.use-case';
import { BounceRetentionSettings, MaintainBounceRetention } from './application/maintain-bounce-retention.use-case';
import { BounceRetentionSchedule } from './adapters/scheduling/bounce-retention.schedule';

/** Bounces: delivery events recorded and applied by the policy, the bounces API, and `BouncesFacade` for the other features and the importers. */
@Module({
  imports: [BouncesPersistenceModule],
  controllers: [BouncesController],
  providers: [
    {
      provide: BounceHandlingRules,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: ({ softBounceThreshold, senderBlocksSuppress, softBounceWindowDays, softSuppressionExpiryDays }: ResolvedBounceHandlingOptions) =>
        new BounceHandlingRules(softBounceThreshold, { senderBlocksSuppress, softBounceWindowDays, softSuppressionExpiryDays }),
    },
    IngestDeliveryEvents,
    IngestionBatcher,
    RecordBounce,
    ListBounces,
    GetBounce,
    BouncesFacade,
    {
      provide: BounceRetentionSettings,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: ({ retention }: ResolvedBounceHandlingOptions): BounceRetentionSettings => ({
        retentionMonths: retention.months,
        rawReportRetentionDays: retention.rawReportDays,
      }),
    },
    MaintainBounceRetention,
    BounceRetentionSchedule,
    { provide: AllowList, useClass: AllowListFacadeAllowList },
    { provide: DeliveryStatistics, useClass: StatisticsFacadeDeliveryStatistics },
    {
      // Counted for /metrics when the host keeps metrics, and always for the pace the delivery worker yields to.
      provide: IngestionMetrics,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS, IngestionPace],
      useFactory: ({ metricsRegistry }: ResolvedBounceHandlingOptions, pace: IngestionPace) =>
        new PacingIngestionMetrics(metricsRegistry === null ? new UncountedIngestionMetrics() : new PrometheusIngestionMetrics(metricsRegistry), pace),
    },
  ],
  exports: [BouncesFacade],
})
export class BouncesModule {
  /**
   * `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to;
   * `allowList`: its `AllowListModule`, the addresses whose reports change nothing;
   * `statistics`: its `StatisticsModule`, which counts the reports stored.
   */
  static register(shared: DynamicModule, allowList: DynamicModule, statistics: DynamicModule): DynamicModule {
    return { module: BouncesModule, imports: [shared, allowList, statistics] };
  }
}
