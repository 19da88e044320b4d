/** Longest campaign name kept (its id's length is `MAX_CAMPAIGN_ID_LENGTH`). */
export const MAX_CAMPAIGN_NAME_LENGTH = 255;

/**
 * A campaign of the platform, known here by the id its messages carry and a name to show in
 * the bounce list. The platform owns it; this service only keeps its name.
 */
export class Campaign {
  constructor(
    readonly id: string,
    readonly name: string,
    readonly createdAt: Date,
    readonly updatedAt: Date,
  ) {}
}
