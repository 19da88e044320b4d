import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PaginationQueryDto } from '../../../shared/adapters/http/pagination.dto';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { toRfc3339 } from '../../../shared/adapters/http/rfc3339';
import { ToInteger } from '../../../shared/adapters/http/to-integer.transform';
import type { Page } from '../../../shared/application/page';
import { OUTBOUND_EVENT_TYPES } from '../../../shared/domain/outbound-event';
import type { WebhookDeliveryLogEntry } from '../../application/ports/webhook-delivery-log.port';
import { WEBHOOK_DELIVERY_STATUSES } from '../../domain/webhook-delivery';

const ID_MESSAGE = 'must be a positive integer';

/** `{id}` and `{deliveryId}` of a delivery's path: digits only. */
export class WebhookDeliveryParamsDto {
  @ApiProperty({ type: 'integer', example: 1, minimum: 1, description: 'The endpoint id' })
  @ToInteger()
  @ValidateInOrder(IsInt({ message: ID_MESSAGE }), Min(1, { message: ID_MESSAGE }), Max(Number.MAX_SAFE_INTEGER, { message: ID_MESSAGE }))
  id!: number;

  @ApiProperty({ type: 'integer', example: 42, minimum: 1, description: 'The delivery id' })
  @ToInteger()
  @ValidateInOrder(IsInt({ message: ID_MESSAGE }), Min(1, { message: ID_MESSAGE }), Max(Number.MAX_SAFE_INTEGER, { message: ID_MESSAGE }))
  deliveryId!: number;
}

/** `limit`, `offset` and `status` (a comma list) of an endpoint's delivery log. */
export class ListWebhookDeliveriesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ type: String, example: 'pending,dead', description: `Statuses (comma-separated): ${WEBHOOK_DELIVERY_STATUSES.join(', ')}` })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
      : value,
  )
  @ValidateInOrder(
    ArrayMinSize(1, { message: 'must not be empty' }),
    ArrayMaxSize(WEBHOOK_DELIVERY_STATUSES.length, { message: `must have at most ${WEBHOOK_DELIVERY_STATUSES.length} values` }),
    IsIn(WEBHOOK_DELIVERY_STATUSES, { each: true, message: `must be one of: ${WEBHOOK_DELIVERY_STATUSES.join(', ')} (comma-separated)` }),
  )
  status?: string[];
}

/** One delivery of the log: these fields and no others. */
export class WebhookDeliveryResponseDto {
  @ApiProperty({ type: 'integer', example: 42, description: 'The delivery id, sent as `webhook-id` on every attempt' })
  id!: number;

  @ApiProperty({ type: 'integer', example: 7 })
  event_id!: number;

  @ApiProperty({ enum: OUTBOUND_EVENT_TYPES, example: 'bounce.recorded' })
  event_type!: string;

  @ApiProperty({
    enum: WEBHOOK_DELIVERY_STATUSES,
    example: 'delivered',
    description:
      '`pending` (waiting for an attempt), `delivered` (answered 2xx), `dead` (given up 24 h after the event), `cancelled` (its endpoint was deleted)',
  })
  status!: string;

  @ApiProperty({ type: 'integer', example: 1, description: 'Attempts made' })
  attempts!: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 200, description: "The last attempt's HTTP status; null when none was answered" })
  last_status_code!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Why the last attempt failed (status, timeout, refused destination); null when it did not',
  })
  last_error!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 84, description: "The last attempt's duration, in milliseconds" })
  last_latency_ms!: number | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'RFC 3339, UTC: when it is due, while pending; null otherwise' })
  next_attempt_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-01-10T12:00:01Z', description: 'RFC 3339, UTC' })
  delivered_at!: string | null;

  @ApiProperty({ example: '2026-01-10T12:00:00Z', description: 'RFC 3339, UTC: when the event was written' })
  created_at!: string;

  static from(entry: WebhookDeliveryLogEntry): WebhookDeliveryResponseDto {
    return {
      id: entry.id,
      event_id: entry.eventId,
      event_type: entry.eventType,
      status: entry.status,
      attempts: entry.attempts,
      last_status_code: entry.lastStatusCode,
      last_error: entry.lastError,
      last_latency_ms: entry.lastLatencyMs,
      next_attempt_at: entry.nextAttemptAt === null ? null : toRfc3339(entry.nextAttemptAt),
      delivered_at: entry.deliveredAt === null ? null : toRfc3339(entry.deliveredAt),
      created_at: toRfc3339(entry.createdAt),
    };
  }
}

export class WebhookDeliveryListResponseDto {
  @ApiProperty({ type: [WebhookDeliveryResponseDto] })
  deliveries!: WebhookDeliveryResponseDto[];

  @ApiProperty({ type: 'integer', example: 1, description: 'Exact number of deliveries matching the filter' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  offset!: number;

  static from(page: Page<WebhookDeliveryLogEntry>): WebhookDeliveryListResponseDto {
    return { deliveries: page.items.map(WebhookDeliveryResponseDto.from), total: page.total, limit: page.limit, offset: page.offset };
  }
}

export class WebhookDeliveryRetryResponseDto {
  @ApiProperty({ type: 'integer', example: 42 })
  id!: number;

  @ApiProperty({ example: 'pending', description: 'Due now' })
  status!: string;
}
