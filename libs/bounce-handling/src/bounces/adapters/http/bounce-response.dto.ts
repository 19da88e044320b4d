import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339 } from '../../../shared/adapters/http/rfc3339';
import type { KeysetPage, Page } from '../../../shared/application/page';
import type { BounceDetail } from '../../application/ports/bounce.repository.port';
import type { BounceView } from '../../domain/bounce';
import { BOUNCE_CATEGORIES, BOUNCE_REASONS, type BounceCategory } from '../../domain/bounce-classification/bounce-reason';
import { BOUNCE_SOURCES, BOUNCE_TYPES } from '../../domain/delivery-event';
import { bounceListCursor } from './bounce-list-cursor';

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

/** A page of the bounce list: the spec's fields, and where the next page starts. */
export class BouncePageResponseDto extends BounceListResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'WyIyMDI2LTAxLTEwVDEyOjAwOjAwLjEyMzQ1NloiLDQyXQ',
    description: 'Pass it as `cursor` for the next page (opaque); null on the last page',
  })
  next_cursor!: string | null;

  static fromPage(page: KeysetPage<BounceView>): BouncePageResponseDto {
    return { ...BounceListResponseDto.from(page), next_cursor: bounceListCursor(page.next) };
  }
}

/** One bounce in full: as listed, with what the report said and the raw event its provider sent. */
export class BounceDetailResponseDto extends BounceResponseDto {
  @ApiProperty({ type: String, nullable: true, example: 'smtp; 550 5.1.1 user unknown', description: 'The receiving server’s answer, as reported' })
  diagnostic_code!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'mta.example.com', description: 'The receiving server, when the report names it' })
  remote_mta!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'newsletter-2026-01', description: 'Null when the bounce names no campaign' })
  campaign_id!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: 'Null when the address belongs to no subscriber' })
  subscriber_id!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '0100018c5ab1e2f3-4d5e6f70-1a2b-4c3d-9e8f-0123456789ab-000000',
    description: 'The provider’s id of the message that bounced',
  })
  provider_message_id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '01000190a1b2c3d4-feedback-0001',
    description: 'The provider’s id of this report, which makes a re-delivered report one bounce',
  })
  provider_event_id!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'General' } },
    description:
      'The provider’s event as it was received and stored, for audit; `{ "truncated": true, "bytes", "excerpt" }` when it was too large to keep whole; null when there was none (a bounce recorded through this API)',
  })
  raw_payload!: unknown;

  static fromDetail(bounce: BounceDetail): BounceDetailResponseDto {
    return {
      ...BounceResponseDto.from(bounce),
      diagnostic_code: bounce.diagnosticCode,
      remote_mta: bounce.cause.remoteMta,
      campaign_id: bounce.campaignId,
      subscriber_id: bounce.subscriberId,
      provider_message_id: bounce.providerMessageId,
      provider_event_id: bounce.providerEventId,
      raw_payload: bounce.rawPayload,
    };
  }
}

export class BounceCreatedResponseDto {
  @ApiProperty({ type: 'integer', example: 123 })
  bounce_id!: number;
}
