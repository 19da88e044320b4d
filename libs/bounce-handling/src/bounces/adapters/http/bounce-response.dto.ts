import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339 } from '../../../shared/adapters/http/rfc3339';
import type { Page } from '../../../shared/application/page';
import type { BounceView } from '../../domain/bounce';
import { BOUNCE_CATEGORIES, BOUNCE_REASONS, type BounceCategory } from '../../domain/bounce-classification/bounce-reason';
import { BOUNCE_SOURCES, BOUNCE_TYPES } from '../../domain/delivery-event';

/** What each category says of a bounce, as the API documents it. */
const CATEGORY_MEANINGS: Readonly<Record<BounceCategory, string>> = {
  recipient: 'the address does not exist or takes no mail (suppressed on a hard bounce)',
  mailbox: 'the address exists, its mailbox cannot take mail now (a full mailbox)',
  sender: 'the receiver refused the sender (its IP, domain, authentication, rate or content), not the address',
  transient: 'the way to the mailbox failed (expired, network, system)',
  complaint: 'the recipient reported the message as unwanted',
  undetermined: 'nothing in the report was decisive',
};

const CATEGORY_DESCRIPTION = `Whose fault it is: ${BOUNCE_CATEGORIES.map((category) => `\`${category}\`: ${CATEGORY_MEANINGS[category]}`).join('; ')}. \`bounce_type\` is what was applied to the address`;

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

  @ApiProperty({
    enum: BOUNCE_REASONS,
    example: 'user_unknown',
    description:
      'Why it bounced, read from the report (the provider’s cause, the enhanced status code, the server’s words); `undetermined` when nothing was decisive',
  })
  reason!: string;

  @ApiProperty({ enum: BOUNCE_CATEGORIES, example: 'recipient', description: CATEGORY_DESCRIPTION })
  category!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '5.1.1',
    description: 'The enhanced status code (RFC 3463) of the receiving server’s answer; null when it gave none',
  })
  status!: string | null;

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
      reason: bounce.cause.reason,
      category: bounce.cause.category,
      status: bounce.cause.status,
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
