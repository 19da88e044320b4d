import type { Campaign } from '../../domain/campaign';

export interface SavedCampaign {
  readonly campaign: Campaign;
  /** True when the campaign did not exist before. */
  readonly created: boolean;
}

export abstract class CampaignRepository {
  /**
   * Creates the campaign, or gives an existing one this name, atomically. `updatedAt` moves
   * only when the name changes.
   */
  abstract upsert(id: string, name: string, at: Date): Promise<SavedCampaign>;
}
