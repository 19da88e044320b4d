import { type DynamicModule, Module } from '@nestjs/common';
import { StatisticsController } from './adapters/http/statistics.controller';
import { LogAndEventAlertNotifier } from './adapters/notification/log-and-event-alert.notifier';
import { StatisticsPersistenceModule } from './adapters/persistence/statistics-persistence.module';
import { CountMessages } from './application/count-messages.use-case';
import { CountSends } from './application/count-sends.use-case';
import { GetBounceStatistics } from './application/get-bounce-statistics.use-case';
import { GetCampaignHealth } from './application/get-campaign-health.use-case';
import { GroupRankings } from './application/group-rankings';
import { AlertNotifier } from './application/ports/alert.notifier.port';
import { StatisticsFacade } from './application/statistics.facade';

/** Statistics: sends and reports counted, bounce statistics, campaigns' health and its alerts; `StatisticsFacade` for ingestion and importers. */
@Module({
  imports: [StatisticsPersistenceModule],
  controllers: [StatisticsController],
  providers: [
    { provide: AlertNotifier, useClass: LogAndEventAlertNotifier },
    CountMessages,
    CountSends,
    GetBounceStatistics,
    GetCampaignHealth,
    GroupRankings,
    StatisticsFacade,
  ],
  exports: [StatisticsFacade],
})
export class StatisticsModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to; `events`: its in-process events. */
  static register(shared: DynamicModule, events: DynamicModule): DynamicModule {
    return { module: StatisticsModule, imports: [shared, events] };
  }
}
