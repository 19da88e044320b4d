import { type DynamicModule, Module } from '@nestjs/common';
import { Outbox } from '../shared/application/ports/outbox.port';
import type { OutboundEvent } from '../shared/domain/outbound-event';
import { StatisticsController } from './adapters/http/statistics.controller';
import { LogAndEventAlertNotifier } from './adapters/notification/log-and-event-alert.notifier';
import { StatisticsPersistenceModule } from './adapters/persistence/statistics-persistence.module';
import { CountMessages } from './application/count-messages.use-case';
import { CountSends } from './application/count-sends.use-case';
import { GetBounceStatistics } from './application/get-bounce-statistics.use-case';
import { GetCampaignHealth } from './application/get-campaign-health.use-case';
import { AlertNotifier } from './application/ports/alert.notifier.port';
import { CampaignHealthLevels, DeliveryStatisticsRepository } from './application/ports/delivery-statistics.repository.port';
import { StatisticsFacade } from './application/statistics.facade';

/** Until an outbox is bound beside the other shared ports, alerts go to the log and the in-process events only. */
class NoOutbox extends Outbox {
  async append(_events: readonly OutboundEvent[]): Promise<void> {}
}

/** Statistics: sends and reports counted, bounce statistics, campaigns' health and its alerts; `StatisticsFacade` for ingestion and importers. */
@Module({
  imports: [StatisticsPersistenceModule],
  controllers: [StatisticsController],
  providers: [
    { provide: AlertNotifier, useClass: LogAndEventAlertNotifier },
    {
      provide: CountMessages,
      inject: [DeliveryStatisticsRepository, CampaignHealthLevels, { token: Outbox, optional: true }, AlertNotifier],
      useFactory: (statistics: DeliveryStatisticsRepository, levels: CampaignHealthLevels, outbox: Outbox | undefined, notifier: AlertNotifier) =>
        new CountMessages(statistics, levels, outbox ?? new NoOutbox(), notifier),
    },
    CountSends,
    GetBounceStatistics,
    GetCampaignHealth,
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
