import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339 } from '../../../shared/adapters/http/rfc3339';
import type { Campaign } from '../../domain/campaign';

export class CampaignResponseDto {
  @ApiProperty({ example: 'newsletter-2026-01' })
  id!: string;

  @ApiProperty({ example: 'January Newsletter' })
  name!: string;

  @ApiProperty({ example: '2026-01-02T08:30:00Z', description: 'RFC 3339, UTC' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-05T16:00:00Z', description: 'RFC 3339, UTC; the last time the name changed' })
  updated_at!: string;

  static from(campaign: Campaign): CampaignResponseDto {
    return { id: campaign.id, name: campaign.name, created_at: toRfc3339(campaign.createdAt), updated_at: toRfc3339(campaign.updatedAt) };
  }
}
