import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { IsInstant, ToInstant } from '../../../bounces/adapters/http/bounce-filter-values';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { ToInteger } from '../../../shared/adapters/http/to-integer.transform';
import {
  DEFAULT_GROUP_LIMIT,
  MAX_BUCKETS,
  MAX_GROUP_LIMIT,
  STATISTICS_DIMENSIONS,
  STATISTICS_INTERVALS,
  type StatisticsDimension,
  type StatisticsInterval,
} from '../../domain/statistics-range';

export class BounceStatisticsQueryDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    example: '2026-01-01T00:00:00Z',
    description:
      'Start of the range (RFC 3339), rounded down to the start of its interval (UTC; weeks start on Monday). Default: 24 hours, 30 days or 12 weeks before `to`',
  })
  @IsOptional()
  @ToInstant()
  @IsInstant()
  from?: Date;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    example: '2026-02-01T00:00:00Z',
    description: 'End of the range (RFC 3339), rounded up to the end of its interval; later than `from`. Default: now',
  })
  @IsOptional()
  @ToInstant()
  @IsInstant('from')
  to?: Date;

  @ApiPropertyOptional({
    enum: STATISTICS_INTERVALS,
    default: 'day',
    description: `The length of a bucket; a range holds at most ${STATISTICS_INTERVALS.map((interval) => `${MAX_BUCKETS[interval]} ${interval}s`).join(', ')}`,
  })
  @IsOptional()
  @IsIn(STATISTICS_INTERVALS, { message: `must be one of: ${STATISTICS_INTERVALS.join(', ')}` })
  interval: StatisticsInterval = 'day';

  @ApiPropertyOptional({
    enum: STATISTICS_DIMENSIONS,
    description: 'Split each bucket by campaign, recipient domain, reason, category or source; without it, one total per bucket',
  })
  @IsOptional()
  @IsIn(STATISTICS_DIMENSIONS, { message: `must be one of: ${STATISTICS_DIMENSIONS.join(', ')}` })
  group_by?: StatisticsDimension;

  @ApiPropertyOptional({
    type: 'integer',
    default: DEFAULT_GROUP_LIMIT,
    minimum: 1,
    maximum: MAX_GROUP_LIMIT,
    example: DEFAULT_GROUP_LIMIT,
    description:
      'With `group_by` only (refused without it): the groups answered at most, those with the most outcomes (sent + delivered + hard + soft + complaint + sender_blocks) over the whole range, ties by group',
  })
  @IsOptional()
  @ToInteger()
  @ValidateInOrder(
    IsInt({ message: 'must be an integer' }),
    Min(1),
    Max(MAX_GROUP_LIMIT),
    ValidateBy({
      name: 'onlyWithGroupBy',
      validator: {
        validate: (_limit, args) => (args?.object as BounceStatisticsQueryDto).group_by !== undefined,
        defaultMessage: () => 'applies only with group_by',
      },
    }),
  )
  limit?: number;
}

export class CampaignHealthQueryDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    example: '2026-01-01T00:00:00Z',
    description: 'Only what was counted from this instant on (RFC 3339, rounded down to the hour); default: from the first',
  })
  @IsOptional()
  @ToInstant()
  @IsInstant()
  from?: Date;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    example: '2026-02-01T00:00:00Z',
    description: 'Only what was counted before this instant (RFC 3339, rounded up to the hour); later than `from`; default: up to now',
  })
  @IsOptional()
  @ToInstant()
  @IsInstant('from')
  to?: Date;
}
