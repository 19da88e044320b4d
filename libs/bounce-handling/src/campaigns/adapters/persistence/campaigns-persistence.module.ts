import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CampaignRepository } from '../../application/ports/campaign.repository.port';
import { CampaignOrmEntity } from './campaign.orm-entity';
import { PostgresCampaignRepository } from './postgres-campaign-repository.adapter';

@Module({
  imports: [MikroOrmModule.forFeature([CampaignOrmEntity])],
  providers: [{ provide: CampaignRepository, useClass: PostgresCampaignRepository }],
  exports: [CampaignRepository],
})
export class CampaignsPersistenceModule {}
