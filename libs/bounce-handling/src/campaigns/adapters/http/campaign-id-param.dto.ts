import { ApiProperty } from '@nestjs/swagger';
import { IsCampaignId, ToCampaignId } from '../../../shared/adapters/http/campaign-id.validator';
import { CAMPAIGN_ID_PATTERN } from '../../../shared/domain/campaign-id';

export class CampaignIdParamDto {
  @ApiProperty({
    example: 'newsletter-2026-01',
    pattern: CAMPAIGN_ID_PATTERN.source,
    description: 'The platform’s id of the campaign, as its messages carry it',
  })
  @ToCampaignId()
  @IsCampaignId()
  id!: string;
}
