import type {
  CampaignHealthLevels,
  DeliveryStatisticsRepository,
  StatisticsRow,
  TopGroupSeries,
} from '../statistics/application/ports/delivery-statistics.repository.port';
import type { HealthStatus } from '../statistics/domain/campaign-health';
import type { StatisticsIncrement } from '../statistics/domain/counted-message';
import { addFigures, type DeliveryFigures, NO_FIGURES, outcomesOf } from '../statistics/domain/delivery-figures';
import { intervalStart, type StatisticsDimension, type StatisticsRange } from '../statistics/domain/statistics-range';

/** In-memory counters of statistics: the rows `add` was given, summed by key; remembers each batch. */
export class InMemoryDeliveryStatisticsRepository implements DeliveryStatisticsRepository {
  readonly rows = new Map<string, StatisticsIncrement>();
  readonly batches: (readonly StatisticsIncrement[])[] = [];

  async add(increments: readonly StatisticsIncrement[]): Promise<ReadonlyMap<string, DeliveryFigures>> {
    this.batches.push(increments);
    const allTime = new Map<string, DeliveryFigures>();
    for (const increment of increments) {
      const key = [increment.dimension, increment.group, increment.granularity, increment.bucket.toISOString()].join('|');
      const row = this.rows.get(key);
      const next = row === undefined ? increment : { ...row, figures: addFigures(row.figures, increment.figures) };
      this.rows.set(key, next);
      if (next.granularity === 'all') allTime.set(next.group, next.figures);
    }
    return allTime;
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

  async topGroupSeries(dimension: StatisticsDimension, range: StatisticsRange, limit: number): Promise<TopGroupSeries> {
    const rows = await this.series(dimension, range);
    const outcomes = new Map<string, number>();
    for (const row of rows) outcomes.set(row.group ?? '', (outcomes.get(row.group ?? '') ?? 0) + outcomesOf(row.figures));
    const ranked = [...outcomes].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit);
    const top = new Set(ranked.map(([group]) => group));
    const totals = (await this.series('category', range)).map((row) => ({ ...row, group: null }));
    return { rows: rows.filter((row) => top.has(row.group ?? '')), totals, groupsTotal: outcomes.size };
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

  async lock(campaignIds: readonly string[]): Promise<ReadonlyMap<string, HealthStatus>> {
    return new Map([...this.statuses].filter(([id]) => campaignIds.includes(id)));
  }

  async save(statuses: ReadonlyMap<string, HealthStatus>): Promise<void> {
    for (const [id, status] of statuses) this.statuses.set(id, status);
  }
}
