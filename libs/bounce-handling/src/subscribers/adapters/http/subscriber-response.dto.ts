import { ApiProperty, PickType } from '@nestjs/swagger';
import { BounceResponseDto } from '../../../bounces/adapters/http/bounce-response.dto';
import { toRfc3339, toRfc3339OrNull } from '../../../shared/adapters/http/rfc3339';
import type { Page } from '../../../shared/application/page';
import { ADDRESS_STATUSES } from '../../../shared/domain/address-status';
import type { SubscriberDetails } from '../../application/get-subscriber.use-case';
import type { SubscriberBounce } from '../../application/ports/subscriber-bounces.port';
import type { Subscriber } from '../../domain/subscriber';

/** A subscriber and the bounce-handling state of its address: these fields and no others. */
export class SubscriberResponseDto {
  @ApiProperty({ type: 'integer', example: 42 })
  id!: number;

  @ApiProperty({ example: 'john.doe@example.com' })
  email!: string;

  @ApiProperty({ type: String, nullable: true, example: 'John Doe' })
  name!: string | null;

  @ApiProperty({ enum: ADDRESS_STATUSES, example: 'active', description: '`bounced` and `unsubscribed` addresses are not mailed' })
  status!: string;

  @ApiProperty({ type: 'integer', example: 0, description: 'Soft bounces since the last delivery or re-activation' })
  consecutive_soft_bounces!: number;

  @ApiProperty({ type: String, nullable: true, example: '2026-01-10T12:00:00Z', description: 'RFC 3339, UTC; null when it never bounced' })
  last_bounce_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-01-10T12:00:00Z', description: 'RFC 3339, UTC; null when its status never changed' })
  status_changed_at!: string | null;

  @ApiProperty({ example: '2026-01-02T08:30:00Z', description: 'RFC 3339, UTC' })
  created_at!: string;

  static from(subscriber: Subscriber): SubscriberResponseDto {
    return {
      id: subscriber.id,
      email: subscriber.email,
      name: subscriber.name,
      status: subscriber.status,
      consecutive_soft_bounces: subscriber.consecutiveSoftBounces,
      last_bounce_at: toRfc3339OrNull(subscriber.lastBounceAt),
      status_changed_at: toRfc3339OrNull(subscriber.statusChangedAt),
      created_at: toRfc3339(subscriber.createdAt),
    };
  }
}

/** The subscriber's most recent bounce or complaint, as the bounce list shows it, in short. */
export class LastBounceResponseDto extends PickType(BounceResponseDto, ['id', 'bounce_type', 'bounce_subtype', 'source', 'created_at'] as const) {
  static from(bounce: SubscriberBounce): LastBounceResponseDto {
    const { id, bounce_type, bounce_subtype, source, created_at } = BounceResponseDto.from(bounce);
    return { id, bounce_type, bounce_subtype, source, created_at };
  }
}

export class SubscriberDetailsResponseDto extends SubscriberResponseDto {
  @ApiProperty({ type: LastBounceResponseDto, nullable: true, description: 'Null when the subscriber never bounced' })
  last_bounce!: LastBounceResponseDto | null;

  static fromDetails(details: SubscriberDetails): SubscriberDetailsResponseDto {
    return { ...SubscriberResponseDto.from(details.subscriber), last_bounce: details.lastBounce ? LastBounceResponseDto.from(details.lastBounce) : null };
  }
}

export class SubscriberListResponseDto {
  @ApiProperty({ type: [SubscriberResponseDto] })
  subscribers!: SubscriberResponseDto[];

  @ApiProperty({ type: 'integer', example: 50, description: 'Exact number of subscribers (of the status asked for)' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  offset!: number;

  static from(page: Page<Subscriber>): SubscriberListResponseDto {
    return { subscribers: page.items.map(SubscriberResponseDto.from), total: page.total, limit: page.limit, offset: page.offset };
  }
}
