import type {
  AddedCounters,
  CampaignHealthLevels,
  DeliveryStatisticsRepository,
  GroupSeries,
  StatisticsRow,
} from '../statistics/application/ports/delivery-statistics.repository.port';
import type { HealthStatus } from '../statistics/domain/campaign-health';
import type { StatisticsIncrement } from '../statistics/domain/counted-message';
import { addFigures, type DeliveryFigures, NO_FIGURES } from '../statistics/domain/delivery-figures';
import { type GroupRanking, rankGroups } from '../statistics/domain/group-ranking';
import { intervalStart, type StatisticsDimension, type StatisticsRange } from '../statistics/domain/statistics-range';

/** In-memory counters of statistics: the rows `add` was given, summed by key; remembers each batch. */
export class InMemoryDeliveryStatisticsRepository implements DeliveryStatisticsRepository {
  readonly rows = new Map<string, StatisticsIncrement>();
  readonly batches: (readonly StatisticsIncrement[])[] = [];
  /** The campaigns whose last statuses each `add` was asked for. */
  readonly levelsAskedFor: (readonly string[])[] = [];

  /** `levels`: the campaigns' last statuses that `add` answers (none kept without it). */
  constructor(private readonly levels: InMemoryCampaignHealthLevels = new InMemoryCampaignHealthLevels()) {}

  async add(increments: readonly StatisticsIncrement[], levelsOf: readonly string[] = []): Promise<AddedCounters> {
    this.batches.push(increments);
    this.levelsAskedFor.push(levelsOf);
    const allTime = new Map<string, DeliveryFigures>();
    for (const increment of increments) {
      const key = [increment.dimension, increment.group, increment.granularity, increment.bucket.toISOString()].join('|');
      const row = this.rows.get(key);
      const next = row === undefined ? increment : { ...row, figures: addFigures(row.figures, increment.figures) };
      this.rows.set(key, next);
      if (next.granularity === 'all') allTime.set(next.group, next.figures);
    }
    return { totals: allTime, levels: new Map([...this.levels.statuses].filter(([id]) => levelsOf.includes(id))) };
  }

  async series(dimension: StatisticsDimension, range: StatisticsRange): Promise<StatisticsRow[]> {
    const granularity = range.interval === 'hour' ? 'hour' : 'day';
    const sums = new Map<string, StatisticsRow>();
    for (const row of this.rows.values()) {
      if (row.dimension !== dimension || row.granularity !== granularity || row.bucket < range.from || row.bucket >= range.to) continue;
      const bucket = intervalStart(row.bucket, range.interval);
      const key = `${bucket.toISOString()}|${row.group}`;
      const sum = sums.get(key);
      sums.set(key, { bucket, group: row.group === '' ? null : row.group, figures: addFigures(sum?.figures ?? NO_FIGURES, row.figures) });
    }
    return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }

  /** How many times `rankGroups` was asked. */
  rankings = 0;

  async rankGroups(dimension: StatisticsDimension, range: StatisticsRange, limit: number): Promise<GroupRanking> {
    this.rankings += 1;
    return rankGroups(await this.series(dimension, range), limit);
  }

  async groupSeries(dimension: StatisticsDimension, range: StatisticsRange, groups: readonly string[] | null): Promise<GroupSeries> {
    const chosen = groups === null ? null : new Set(groups);
    const rows = (await this.series(dimension, range)).filter((row) => chosen === null || chosen.has(row.group ?? ''));
    const totals = (await this.series('category', range)).map((row) => ({ ...row, group: null }));
    return { rows, totals };
  }

  async campaignTotals(campaignIds: readonly string[]): Promise<ReadonlyMap<string, DeliveryFigures>> {
    const totals = new Map<string, DeliveryFigures>();
    for (const row of this.rows.values()) {
      if (row.dimension === 'campaign' && row.granularity === 'all' && campaignIds.includes(row.group)) totals.set(row.group, row.figures);
    }
    return totals;
  }

  async campaignFigures(campaignId: string, between: { readonly from?: Date; readonly to?: Date }): Promise<DeliveryFigures> {
    let figures = NO_FIGURES;
    for (const row of this.rows.values()) {
      if (row.dimension !== 'campaign' || row.group !== campaignId || row.granularity !== 'hour') continue;
      if ((between.from !== undefined && row.bucket < between.from) || (between.to !== undefined && row.bucket >= between.to)) continue;
      figures = addFigures(figures, row.figures);
    }
    return figures;
  }
}

/** In-memory last health statuses of campaigns. */
export class InMemoryCampaignHealthLevels implements CampaignHealthLevels {
  readonly statuses = new Map<string, HealthStatus>();

  async save(statuses: ReadonlyMap<string, HealthStatus>): Promise<void> {
    for (const [id, status] of statuses) this.statuses.set(id, status);
  }
}
