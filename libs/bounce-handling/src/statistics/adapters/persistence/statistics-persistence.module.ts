import { Module } from '@nestjs/common';
import { CampaignHealthLevels, DeliveryStatisticsRepository } from '../../application/ports/delivery-statistics.repository.port';
import { PostgresCampaignHealthLevels, PostgresDeliveryStatisticsRepository } from './postgres-delivery-statistics-repository.adapter';

@Module({
  providers: [
    { provide: DeliveryStatisticsRepository, useClass: PostgresDeliveryStatisticsRepository },
    { provide: CampaignHealthLevels, useClass: PostgresCampaignHealthLevels },
  ],
  exports: [DeliveryStatisticsRepository, CampaignHealthLevels],
})
export class StatisticsPersistenceModule {}
