import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CampaignRepository } from '../../application/ports/campaign.repository.port';
import { CampaignOrmEntity } from './campaign.orm-entity';
import { MikroOrmCampaignRepository } from './mikro-orm-campaign-repository.adapter';

@Module({
  imports: [MikroOrmModule.forFeature([CampaignOrmEntity])],
  providers: [{ provide: CampaignRepository, useClass: MikroOrmCampaignRepository }],
  exports: [CampaignRepository],
})
export class CampaignsPersistenceModule {}
