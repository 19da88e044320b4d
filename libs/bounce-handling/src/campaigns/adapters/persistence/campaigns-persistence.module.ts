import { Module } from '@nestjs/common';
import { CampaignRepository } from '../../application/ports/campaign.repository.port';
import { PostgresCampaignRepository } from './postgres-campaign-repository.adapter';

@Module({
  providers: [{ provide: CampaignRepository, useClass: PostgresCampaignRepository }],
  exports: [CampaignRepository],
})
export class CampaignsPersistenceModule {}
