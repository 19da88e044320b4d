import { ApiProperty } from '@nestjs/swagger';
import { IsCampaignId } from '../../../shared/adapters/http/campaign-id.validator';

export class CampaignIdParamDto {
  @ApiProperty({ example: 'newsletter-2026-01', pattern: '^[A-Za-z0-9._:-]{1,100}$', description: 'The platform’s id of the campaign, as its messages carry it' })
  @IsCampaignId()
  id!: string;
}
