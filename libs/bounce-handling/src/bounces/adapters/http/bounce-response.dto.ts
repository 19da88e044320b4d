import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339 } from '../../../shared/adapters/http/rfc3339';
import type { Page } from '../../../shared/application/page';
import type { BounceView } from '../../domain/bounce';
import { BOUNCE_SOURCES, BOUNCE_TYPES } from '../../domain/delivery-event';

/** One bounce as the spec lists it: these fields and no others. */
export class BounceResponseDto {
  @ApiProperty({ type: 'integer', example: 1 })
  id!: number;

  @ApiProperty({ example: 'invalid@example.com' })
  email!: string;

  @ApiProperty({ enum: BOUNCE_TYPES, example: 'hard' })
  bounce_type!: string;

  @ApiProperty({ type: String, nullable: true, example: 'NoEmail' })
  bounce_subtype!: string | null;

  @ApiProperty({ enum: BOUNCE_SOURCES, example: 'ses' })
  source!: string;

  @ApiProperty({ type: String, nullable: true, example: 'January Newsletter', description: 'Null when the campaign is unknown' })
  campaign_name!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'John Doe',
    description: 'Null when the address belongs to no subscriber, or the subscriber has no name',
  })
  subscriber_name!: string | null;

  @ApiProperty({ example: '2026-01-10T12:00:00Z', description: 'RFC 3339, UTC' })
  created_at!: string;

  static from(bounce: BounceView): BounceResponseDto {
    return {
      id: bounce.id,
      email: bounce.email,
      bounce_type: bounce.bounceType,
      bounce_subtype: bounce.bounceSubtype,
      source: bounce.source,
      campaign_name: bounce.campaignName,
      subscriber_name: bounce.subscriberName,
      created_at: toRfc3339(bounce.createdAt),
    };
  }
}

export class BounceListResponseDto {
  @ApiProperty({ type: [BounceResponseDto] })
  bounces!: BounceResponseDto[];

  @ApiProperty({ type: 'integer', example: 50, description: 'Exact number of bounces' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  offset!: number;

  static from(page: Page<BounceView>): BounceListResponseDto {
    return { bounces: page.items.map(BounceResponseDto.from), total: page.total, limit: page.limit, offset: page.offset };
  }
}

export class BounceCreatedResponseDto {
  @ApiProperty({ type: 'integer', example: 123 })
  bounce_id!: number;
}
