import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339, toRfc3339OrNull } from '../../../shared/adapters/http/rfc3339';
import type { BounceStatistics, StatisticsBucket } from '../../application/get-bounce-statistics.use-case';
import type { CampaignHealthReport } from '../../application/get-campaign-health.use-case';
import { HEALTH_STATUSES } from '../../domain/campaign-health';
import type { DeliveryFigures, DeliveryRates } from '../../domain/delivery-figures';
import { STATISTICS_DIMENSIONS, STATISTICS_INTERVALS } from '../../domain/statistics-range';

const RATE_BASES = ['sent', 'reported'];

/** The figures and rates every answer of statistics gives. */
export class DeliveryFiguresDto {
  @ApiProperty({ type: 'integer', example: 1000, description: 'Messages counted as sent (`POST /api/v1/sends`)' })
  sent!: number;

  @ApiProperty({ type: 'integer', example: 930, description: 'Delivery reports of the providers' })
  delivered!: number;

  @ApiProperty({ type: 'integer', example: 40, description: 'Hard bounces' })
  hard!: number;

  @ApiProperty({ type: 'integer', example: 15, description: 'Soft bounces of the address (not the sender blocks)' })
  soft!: number;

  @ApiProperty({ type: 'integer', example: 2, description: 'Complaints' })
  complaint!: number;

  @ApiProperty({ type: 'integer', example: 5, description: 'Bounces of category `sender`: the receiving server refused the sender, not the address' })
  sender_blocks!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.06,
    description: 'hard + soft + sender_blocks over the basis (`rate_basis`), a fraction to four places (0.06 is 6 %); null when the basis is empty',
  })
  bounce_rate!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.002,
    description: 'complaint over the basis, a fraction to four places; null when the basis is empty',
  })
  complaint_rate!: number | null;

  @ApiProperty({
    enum: RATE_BASES,
    nullable: true,
    example: 'sent',
    description:
      'What the rates are over: `sent`, or `reported` (delivered + bounces + complaints) when no send is known; grouped by reason, category or source, the basis is the whole bucket’s. Null when both are 0',
  })
  rate_basis!: 'sent' | 'reported' | null;
}

export class StatisticsBucketDto extends DeliveryFiguresDto {
  @ApiProperty({ example: '2026-01-10T00:00:00Z', description: 'RFC 3339, UTC: the start of the interval' })
  start!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'newsletter-2026-01',
    description:
      'The group (campaign id, domain, reason, category or source) when grouped; null when not grouped, and for what is in no group (a send has no reason, a delivery no category)',
  })
  group!: string | null;

  /** `start`: the bucket's start as written, when the caller has it already (many groups share a start). */
  static from(bucket: StatisticsBucket, start = toRfc3339(bucket.start)): StatisticsBucketDto {
    return { start, group: bucket.group, ...figuresDto(bucket.figures, bucket) };
  }
}

export class BounceStatisticsResponseDto {
  @ApiProperty({ example: '2026-01-01T00:00:00Z', description: 'The start of the first interval answered (RFC 3339, UTC)' })
  from!: string;

  @ApiProperty({ example: '2026-02-01T00:00:00Z', description: 'The end of the last interval answered' })
  to!: string;

  @ApiProperty({ enum: STATISTICS_INTERVALS, example: 'day' })
  interval!: string;

  @ApiProperty({ enum: STATISTICS_DIMENSIONS, nullable: true, example: 'campaign', description: 'The grouping; null for totals' })
  group_by!: string | null;

  @ApiProperty({
    type: [StatisticsBucketDto],
    description:
      'By start, then group. Not grouped: every interval of the range, empty ones too. Grouped: each of the top `limit` groups (by outcomes over the range) in each interval where it has figures',
  })
  buckets!: StatisticsBucketDto[];

  @ApiProperty({ type: 'integer', example: 31, description: 'The number of buckets' })
  total!: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 20, description: 'Grouped: the groups answered at most (`limit`); null for totals' })
  limit!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 57,
    description: 'Grouped: how many groups have figures in the range; more than `limit` when the answer holds only the top `limit` of them. Null for totals',
  })
  groups_total!: number | null;

  static from(statistics: BounceStatistics): BounceStatisticsResponseDto {
    // A grouped answer has up to a hundred buckets per start: each start is written once.
    const starts = new Map<number, string>();
    const writeStart = (start: Date) => {
      let written = starts.get(start.getTime());
      if (written === undefined) starts.set(start.getTime(), (written = toRfc3339(start)));
      return written;
    };
    return {
      from: toRfc3339(statistics.range.from),
      to: toRfc3339(statistics.range.to),
      interval: statistics.range.interval,
      group_by: statistics.groupBy,
      buckets: statistics.buckets.map((bucket) => StatisticsBucketDto.from(bucket, writeStart(bucket.start))),
      total: statistics.buckets.length,
      limit: statistics.limit,
      groups_total: statistics.groupsTotal,
    };
  }
}

export class CampaignHealthResponseDto extends DeliveryFiguresDto {
  @ApiProperty({ example: 'newsletter-2026-01' })
  campaign_id!: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The start of the hours counted (RFC 3339, UTC); null: from the first' })
  from!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The end of the hours counted; null: up to now' })
  to!: string | null;

  @ApiProperty({
    enum: HEALTH_STATUSES,
    example: 'warning',
    description:
      '`critical` at a bounce rate of 10 % or complaints of 0.5 %, `warning` at 5 % or 0.1 %, `ok` below; `ok` while fewer than 100 messages are known',
  })
  status!: string;

  @ApiProperty({
    type: [String],
    example: ['Clean your list: remove the addresses that bounced hard, and those that have not opened for months, before the next send.'],
    description: 'What to do about it, in plain words; empty when the status is ok',
  })
  advice!: string[];

  static from(report: CampaignHealthReport): CampaignHealthResponseDto {
    return {
      campaign_id: report.campaignId,
      from: toRfc3339OrNull(report.from),
      to: toRfc3339OrNull(report.to),
      ...figuresDto(report.figures, report),
      status: report.status,
      advice: [...report.advice],
    };
  }
}

function figuresDto(figures: DeliveryFigures, rates: DeliveryRates): DeliveryFiguresDto {
  return {
    sent: figures.sent,
    delivered: figures.delivered,
    hard: figures.hard,
    soft: figures.soft,
    complaint: figures.complaint,
    sender_blocks: figures.senderBlocks,
    bounce_rate: rates.bounceRate,
    complaint_rate: rates.complaintRate,
    rate_basis: rates.rateBasis,
  };
}
