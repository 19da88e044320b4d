import type { CampaignHealth, HealthStatus } from '../../domain/campaign-health';
import type { StatisticsIncrement } from '../../domain/counted-message';
import type { DeliveryFigures } from '../../domain/delivery-figures';
import type { GroupRanking } from '../../domain/group-ranking';
import type { StatisticsDimension, StatisticsRange } from '../../domain/statistics-range';

/** The figures of one group in one bucket; `group` null for what is in no group of the dimension. */
export interface StatisticsRow {
  readonly bucket: Date;
  readonly group: string | null;
  readonly figures: DeliveryFigures;
}

/**
 * Some groups of a dimension over a range: `rows`, each of those groups' figures in each interval
 * where it has any (by bucket, then group); `totals`, every group's figures summed per interval
 * that has any (`group` null).
 */
export interface GroupSeries {
  readonly rows: StatisticsRow[];
  readonly totals: StatisticsRow[];
}

/** A campaign that crossed into a worse health status. */
export interface CampaignAlert {
  readonly campaignId: string;
  readonly previousStatus: HealthStatus;
  readonly health: CampaignHealth;
  readonly figures: DeliveryFigures;
  readonly at: Date;
}

/** What adding increments answers (`DeliveryStatisticsRepository.add`). */
export interface AddedCounters {
  /** The figures of each campaign's all-time row among the increments, after them. */
  readonly totals: ReadonlyMap<string, DeliveryFigures>;
  /** The last status of each campaign asked for that has one kept; absent: `ok`. */
  readonly levels: ReadonlyMap<string, HealthStatus>;
}

/** The counters of sends and reports, by hour and day, campaign, recipient domain, reason, category and source. */
export abstract class DeliveryStatisticsRepository {
  /**
   * Adds the increments to their rows, in the current transaction, in one statement, in the
   * order given (`statisticsIncrements` sorts them by the rows' key). Each row stays locked
   * until the transaction ends. Answers the figures, after the increments, of every campaign's
   * all-time row among them, and the status each campaign of `levelsOf` was last seen at
   * (`CampaignHealthLevels`), read once every row of the increments is locked, its own row
   * locked until the transaction ends: the same round trip, no read of its own.
   */
  abstract add(increments: readonly StatisticsIncrement[], levelsOf?: readonly string[]): Promise<AddedCounters>;
  /** Each group's figures in each interval of the range that has any, ordered by bucket then group. */
  abstract series(dimension: StatisticsDimension, range: StatisticsRange): Promise<StatisticsRow[]>;
  /** The `limit` groups of the dimension ranked over the range as `rankGroups` (domain) ranks them; ranked and cut in the database. */
  abstract rankGroups(dimension: StatisticsDimension, range: StatisticsRange, limit: number): Promise<GroupRanking>;
  /** These groups' (null: every group's) figures per interval of the range, and every interval's totals over all groups. */
  abstract groupSeries(dimension: StatisticsDimension, range: StatisticsRange, groups: readonly string[] | null): Promise<GroupSeries>;
  /** The figures of each of these campaigns over all their time (absent: nothing counted). */
  abstract campaignTotals(campaignIds: readonly string[]): Promise<ReadonlyMap<string, DeliveryFigures>>;
  /** A campaign's figures of the whole hours from `from` (inclusive) to `to` (exclusive), either open. */
  abstract campaignFigures(campaignId: string, between: { readonly from?: Date; readonly to?: Date }): Promise<DeliveryFigures>;
}

/**
 * The health status each campaign was last seen at, so that a crossing alerts once. It is read
 * (and its row locked) by `DeliveryStatisticsRepository.add`, with the counters, once they are locked.
 */
export abstract class CampaignHealthLevels {
  abstract save(statuses: ReadonlyMap<string, HealthStatus>, at: Date): Promise<void>;
}
