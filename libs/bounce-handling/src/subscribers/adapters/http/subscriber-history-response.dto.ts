import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339 } from '../../../shared/adapters/http/rfc3339';
import type { Page } from '../../../shared/application/page';
import { ADDRESS_STATUSES, STATUS_CHANGE_REASONS } from '../../../shared/domain/address-status';
import type { RecordedStatusChange } from '../../application/ports/subscriber-history.port';

/** One change of a subscriber's status: these fields and no others. */
export class StatusChangeResponseDto {
  @ApiProperty({ type: 'integer', example: 7 })
  id!: number;

  @ApiProperty({ enum: ADDRESS_STATUSES, example: 'active' })
  previous_status!: string;

  @ApiProperty({ enum: ADDRESS_STATUSES, example: 'bounced' })
  status!: string;

  @ApiProperty({
    enum: STATUS_CHANGE_REASONS,
    example: 'hard-bounce',
    description:
      'Why: what suppressed it (`hard-bounce`, `soft-bounce-threshold`, `complaint`, or the suppression list: `manual`, `import`), an operator’s re-activation or removal from the list (`reactivation`), or the lapse of a suppression by the soft threshold (`soft-suppression-expired`)',
  })
  reason!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The name of the API key that made the change; null for the bounce-handling policy',
  })
  actor!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 123, description: 'The bounce that caused it; null when none did' })
  bounce_id!: number | null;

  @ApiProperty({ example: '2026-01-10T12:00:00Z', description: 'RFC 3339, UTC: when the status changed' })
  created_at!: string;

  static from(change: RecordedStatusChange): StatusChangeResponseDto {
    return {
      id: change.id,
      previous_status: change.previousStatus,
      status: change.status,
      reason: change.reason,
      actor: change.actor,
      bounce_id: change.bounceId,
      created_at: toRfc3339(change.occurredAt),
    };
  }
}

export class SubscriberHistoryResponseDto {
  @ApiProperty({ type: [StatusChangeResponseDto], description: 'Newest first' })
  changes!: StatusChangeResponseDto[];

  @ApiProperty({ type: 'integer', example: 3, description: 'Exact number of changes' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  offset!: number;

  static from(page: Page<RecordedStatusChange>): SubscriberHistoryResponseDto {
    return { changes: page.items.map(StatusChangeResponseDto.from), total: page.total, limit: page.limit, offset: page.offset };
  }
}
