import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { CampaignRepository, type SavedCampaign } from './ports/campaign.repository.port';

export interface SaveCampaignCommand {
  readonly id: string;
  readonly name: string;
}

/** Creates a campaign or renames it: the platform tells us the name to show for its id. */
@Injectable()
export class SaveCampaign {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly clock: Clock,
  ) {}

  execute(command: SaveCampaignCommand): Promise<SavedCampaign> {
    return this.campaigns.upsert(command.id, command.name, this.clock.now());
  }
}
