import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { addFigures, type DeliveryFigures, deliveryRates, type DeliveryRates, NO_FIGURES } from '../domain/delivery-figures';
import { rankGroups } from '../domain/group-ranking';
import {
  bucketStarts,
  DEFAULT_GROUP_LIMIT,
  type StatisticsDimension,
  type StatisticsInterval,
  type StatisticsRange,
  statisticsRange,
} from '../domain/statistics-range';
import { GroupRankings } from './group-rankings';
import { DeliveryStatisticsRepository, type StatisticsRow } from './ports/delivery-statistics.repository.port';

export interface BounceStatisticsQuery {
  readonly from?: Date;
  readonly to?: Date;
  readonly interval: StatisticsInterval;
  readonly groupBy?: StatisticsDimension;
  /** Groups answered at most, with `groupBy`; default `DEFAULT_GROUP_LIMIT`. */
  readonly limit?: number;
}

/** One group's figures in one interval, with its rates. */
export interface StatisticsBucket extends DeliveryRates {
  readonly start: Date;
  /** The group (a campaign id, a domain, …); null for what is in none, or when not grouped. */
  readonly group: string | null;
  readonly figures: DeliveryFigures;
}

export interface BounceStatistics {
  readonly range: StatisticsRange;
  readonly groupBy: StatisticsDimension | null;
  readonly buckets: readonly StatisticsBucket[];
  /** Grouped: the groups answered at most, and how many groups the range has (more than `limit`: the answer holds the top `limit`). Null when not grouped. */
  readonly limit: number | null;
  readonly groupsTotal: number | null;
}

/** Dimensions whose groups split the sends as well as the reports: each group's rates are over its own sends. */
const SPLITS_SENDS: ReadonlySet<StatisticsDimension> = new Set(['campaign', 'domain']);

/**
 * Sends and outcomes per interval, in total or per group, read from the counters (never from the
 * bounces). Without a grouping, every interval of the range is answered, empty ones too. Grouped
 * by campaign or domain, a group's rates are over its own sends; by reason, category or source —
 * properties of reports, not of sends — over its interval's (a reason's bounce rate is the share
 * of the interval's sent messages that bounced for it). Grouped, only the `limit` groups with the
 * most outcomes over the whole range are answered, with the number of groups there were; which
 * groups those are may be up to `RANKING_REUSE_MS` old (`GroupRankings`) when some were left out,
 * their figures never; when none was, every group is read and the answer is exact.
 */
@Injectable()
export class GetBounceStatistics {
  constructor(
    private readonly statistics: DeliveryStatisticsRepository,
    private readonly rankings: GroupRankings,
    private readonly clock: Clock,
  ) {}

  async execute(query: BounceStatisticsQuery): Promise<BounceStatistics> {
    const range = statisticsRange(query, this.clock.now());
    if (query.groupBy === undefined) {
      // Every dimension splits everything counted, so a bucket's total is the sum of its groups in any one.
      const totals = sumsByBucket(await this.statistics.series('category', range));
      const buckets = bucketStarts(range).map((start) => bucket(start, null, totals.get(start.getTime()) ?? NO_FIGURES));
      return { range, groupBy: null, buckets, limit: null, groupsTotal: null };
    }
    const limit = query.limit ?? DEFAULT_GROUP_LIMIT;
    const ranking = await this.rankings.rank(query.groupBy, range, limit);
    // Every group was in the answer when last ranked: so are they all now, ranked again from their figures.
    const complete = ranking.groupsTotal <= limit;
    const series = await this.statistics.groupSeries(query.groupBy, range, complete ? null : ranking.groups);
    const top = complete ? rankGroups(series.rows, limit) : ranking;
    const kept = new Set(top.groups);
    const own = SPLITS_SENDS.has(query.groupBy);
    const totals = sumsByBucket(series.totals);
    const buckets = series.rows
      .filter((row) => kept.has(row.group ?? ''))
      .map((row) => bucket(row.bucket, row.group, row.figures, own ? row.figures : totals.get(row.bucket.getTime())));
    return { range, groupBy: query.groupBy, buckets, limit, groupsTotal: top.groupsTotal };
  }
}

function sumsByBucket(rows: readonly StatisticsRow[]): Map<number, DeliveryFigures> {
  const totals = new Map<number, DeliveryFigures>();
  for (const row of rows) totals.set(row.bucket.getTime(), addFigures(totals.get(row.bucket.getTime()) ?? NO_FIGURES, row.figures));
  return totals;
}

function bucket(start: Date, group: string | null, figures: DeliveryFigures, basis: DeliveryFigures = figures): StatisticsBucket {
  return { start, group, figures, ...deliveryRates(figures, basis) };
}
