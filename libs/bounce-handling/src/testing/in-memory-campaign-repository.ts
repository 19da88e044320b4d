import type { CampaignRepository, SavedCampaign } from '../campaigns/application/ports/campaign.repository.port';
import { Campaign } from '../campaigns/domain/campaign';

/** An in-memory `CampaignRepository`, with the real one's create-or-rename contract. */
export class InMemoryCampaignRepository implements CampaignRepository {
  readonly campaigns = new Map<string, Campaign>();

  async upsert(id: string, name: string, at: Date): Promise<SavedCampaign> {
    const existing = this.campaigns.get(id);
    const campaign = !existing ? new Campaign(id, name, at, at) : existing.name === name ? existing : new Campaign(id, name, existing.createdAt, at);
    this.campaigns.set(id, campaign);
    return { campaign, created: !existing };
  }
}
