import { Injectable } from '@nestjs/common';
import { StatisticsFacade } from '../../../statistics/application/statistics.facade';
import { DeliveryStatistics, type ReportToCount } from '../../application/ports/delivery-statistics.port';

/** Statistics, fed through their feature's facade in the ingestion's transaction. */
@Injectable()
export class StatisticsFacadeDeliveryStatistics extends DeliveryStatistics {
  constructor(private readonly statistics: StatisticsFacade) {
    super();
  }

  count(reports: readonly ReportToCount[]): Promise<{ publish(): Promise<void> }> {
    return this.statistics.countReports(reports);
  }
}
