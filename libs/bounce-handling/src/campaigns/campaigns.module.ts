import { type DynamicModule, Module } from '@nestjs/common';
import { CampaignsController } from './adapters/http/campaigns.controller';
import { CampaignsPersistenceModule } from './adapters/persistence/campaigns-persistence.module';
import { SaveCampaign } from './application/save-campaign.use-case';

/** Campaigns: the names that bounces are shown with, registered through the API. */
@Module({
  imports: [CampaignsPersistenceModule],
  controllers: [CampaignsController],
  providers: [SaveCampaign],
})
export class CampaignsModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to. */
  static register(shared: DynamicModule): DynamicModule {
    return { module: CampaignsModule, imports: [shared] };
  }
}
