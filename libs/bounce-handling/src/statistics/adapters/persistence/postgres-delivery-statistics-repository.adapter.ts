import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgQuery, pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import {
  type AddedCounters,
  CampaignHealthLevels,
  DeliveryStatisticsRepository,
  type GroupSeries,
  type StatisticsRow,
} from '../../application/ports/delivery-statistics.repository.port';
import { HEALTH_STATUSES, type HealthStatus } from '../../domain/campaign-health';
import { ALL_TIME_BUCKET, type StatisticsIncrement } from '../../domain/counted-message';
import { type DeliveryFigures, NO_FIGURES } from '../../domain/delivery-figures';
import type { GroupRanking } from '../../domain/group-ranking';
import type { StatisticsDimension, StatisticsRange } from '../../domain/statistics-range';

const FIGURES = {
  sent: col.integer,
  delivered: col.integer,
  hard: col.integer,
  soft: col.integer,
  complaint: col.integer,
  sender_blocks: col.integer,
};
const SUMS = ['sent', 'delivered', 'hard', 'soft', 'complaint', 'sender_blocks'].map((name) => `coalesce(sum("${name}"), 0) as "${name}"`).join(', ');
const seriesRow = pgRow({ start: col.timestamp, group_key: col.text, ...FIGURES });
const rankedRow = pgRow({ group_key: col.text, groups_total: col.integer });
/** A group's bucket, or a bucket's total over every group (group null). */
const topRow = pgRow({ start: col.timestamp, group_key: col.nullable(col.text), ...FIGURES });
const campaignRow = pgRow({ group_key: col.text, ...FIGURES });
/** A row `add_delivery_statistics` answers: a campaign's all-time figures (status null), or its last status (figures null). */
const addedRow = pgRow({
  campaign_id: col.text,
  status: col.nullable(col.oneOf(HEALTH_STATUSES)),
  sent: col.nullable(col.integer),
  delivered: col.nullable(col.integer),
  hard: col.nullable(col.integer),
  soft: col.nullable(col.integer),
  complaint: col.nullable(col.integer),
  sender_blocks: col.nullable(col.integer),
});
const figuresRow = pgRow(FIGURES);

/**
 * The counters in `delivery_statistics` (migration `DeliveryStatistics`). A batch's increments
 * are one `insert … on conflict do update`, its rows in key order; reads take a dimension's
 * range of buckets on `delivery_statistics_bucket_index`, or a campaign's rows on the key.
 */
@Injectable()
export class PostgresDeliveryStatisticsRepository extends DeliveryStatisticsRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(increments: readonly StatisticsIncrement[], levelsOf: readonly string[] = []): Promise<AddedCounters> {
    if (increments.length === 0) return { totals: new Map(), levels: new Map() };
    // `unnest` yields the rows in the arrays' order and the insert takes them so: its row locks
    // are taken in the order `statisticsIncrements` sorted them, the same in every batch. The
    // levels are read by the function's next statement, once those locks are held (migration
    // `AddDeliveryStatistics`).
    const rows = await pgSelect(
      this.em,
      `select * from add_delivery_statistics(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[])`,
      [
        increments.map((row) => row.dimension),
        increments.map((row) => row.group),
        increments.map((row) => row.granularity),
        increments.map((row) => row.bucket),
        increments.map((row) => row.figures.sent),
        increments.map((row) => row.figures.delivered),
        increments.map((row) => row.figures.hard),
        increments.map((row) => row.figures.soft),
        increments.map((row) => row.figures.complaint),
        increments.map((row) => row.figures.senderBlocks),
        levelsOf,
      ],
      addedRow,
    );
    const totals = new Map<string, DeliveryFigures>();
    const levels = new Map<string, HealthStatus>();
    for (const row of rows) {
      if (row.status === null) totals.set(row.campaign_id, figuresOf(nonNullFigures(row)));
      else levels.set(row.campaign_id, row.status);
    }
    return { totals, levels };
  }

  async series(dimension: StatisticsDimension, range: StatisticsRange): Promise<StatisticsRow[]> {
    // Hours from the hour rows; days and weeks from the day rows, a week from its seven days (weeks start on Monday).
    const rows = await pgSelect(
      this.em,
      `select case when $5 = 'week' then date_trunc('week', "bucket", 'UTC') else "bucket" end as "start", "group_key", ${SUMS}
       from "delivery_statistics"
       where "dimension" = $1 and "granularity" = $2 and "bucket" >= $3 and "bucket" < $4
       group by 1, 2
       order by 1, 2`,
      [dimension, granularityOf(range), range.from, range.to, range.interval],
      seriesRow,
    );
    return rows.map((row) => ({ bucket: row.start, group: row.group_key === '' ? null : row.group_key, figures: figuresOf(row) }));
  }

  async rankGroups(dimension: StatisticsDimension, range: StatisticsRange, limit: number): Promise<GroupRanking> {
    // The dimension's range of the index, every group summed, ranked and cut; `count(*) over ()`
    // counts the groups before the cut.
    const rows = await pgSelect(
      this.em,
      `select "group_key", count(*) over () as "groups_total"
       from "delivery_statistics"
       where "dimension" = $1 and "granularity" = $2 and "bucket" >= $3 and "bucket" < $4
       group by "group_key"
       order by sum("sent" + "delivered" + "hard" + "soft" + "complaint" + "sender_blocks") desc, "group_key" collate "C"
       limit $5`,
      [dimension, granularityOf(range), range.from, range.to, limit],
      rankedRow,
    );
    return { groups: rows.map((row) => row.group_key), groupsTotal: rows[0]?.groups_total ?? 0 };
  }

  async groupSeries(dimension: StatisticsDimension, range: StatisticsRange, groups: readonly string[] | null): Promise<GroupSeries> {
    // Some groups: each one's rows on the key (a nested loop over the groups, `lateral`), never the
    // whole range of the dimension; every group: the dimension's range of the bucket index. And
    // each bucket's total from the few groups of `category` (every dimension splits everything
    // counted), as rows whose group is null.
    const rowsOfGroups =
      groups === null
        ? `select * from "delivery_statistics" where "dimension" = $1 and "granularity" = $2 and "bucket" >= $3 and "bucket" < $4`
        : `select "s".* from unnest($6::text[]) as "g"("group_key")
           cross join lateral (
             select * from "delivery_statistics"
             where "dimension" = $1 and "group_key" = "g"."group_key" and "granularity" = $2 and "bucket" >= $3 and "bucket" < $4
           ) as "s"`;
    const rows = await pgSelect(
      this.em,
      `select case when $5 = 'week' then date_trunc('week', "s"."bucket", 'UTC') else "s"."bucket" end as "start", "s"."group_key", ${SUMS}
       from (${rowsOfGroups}) as "s"
       group by 1, 2
       union all
       select case when $5 = 'week' then date_trunc('week', "bucket", 'UTC') else "bucket" end, null, ${SUMS}
       from "delivery_statistics"
       where "dimension" = 'category' and "granularity" = $2 and "bucket" >= $3 and "bucket" < $4
       group by 1
       order by 1, 2`,
      [dimension, granularityOf(range), range.from, range.to, range.interval, ...(groups === null ? [] : [groups])],
      topRow,
    );
    return {
      rows: rows
        .filter((row) => row.group_key !== null)
        .map((row) => ({ bucket: row.start, group: row.group_key === '' ? null : row.group_key, figures: figuresOf(row) })),
      totals: rows.filter((row) => row.group_key === null).map((row) => ({ bucket: row.start, group: null, figures: figuresOf(row) })),
    };
  }

  async campaignTotals(campaignIds: readonly string[]): Promise<ReadonlyMap<string, DeliveryFigures>> {
    const rows = await pgSelect(
      this.em,
      `select "group_key", "sent", "delivered", "hard", "soft", "complaint", "sender_blocks"
       from "delivery_statistics"
       where "dimension" = 'campaign' and "group_key" = any(?::text[]) and "granularity" = 'all' and "bucket" = ?`,
      [campaignIds, ALL_TIME_BUCKET],
      campaignRow,
    );
    return new Map(rows.map((row) => [row.group_key, figuresOf(row)]));
  }

  async campaignFigures(campaignId: string, between: { readonly from?: Date; readonly to?: Date }): Promise<DeliveryFigures> {
    if (between.from === undefined && between.to === undefined) return (await this.campaignTotals([campaignId])).get(campaignId) ?? NO_FIGURES;
    const [row] = await pgSelect(
      this.em,
      `select ${SUMS} from "delivery_statistics"
       where "dimension" = 'campaign' and "group_key" = ? and "granularity" = 'hour'
         and "bucket" >= coalesce(?::timestamptz, '-infinity') and "bucket" < coalesce(?::timestamptz, 'infinity')`,
      [campaignId, between.from ?? null, between.to ?? null],
      figuresRow,
    );
    return row === undefined ? NO_FIGURES : figuresOf(row);
  }
}

/** The health status each campaign was last seen at, in `campaign_health_levels`. */
@Injectable()
export class PostgresCampaignHealthLevels extends CampaignHealthLevels {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async save(statuses: ReadonlyMap<string, HealthStatus>, at: Date): Promise<void> {
    const ids = [...statuses.keys()].sort();
    await pgQuery(
      this.em,
      `insert into "campaign_health_levels" as "l" ("campaign_id", "status", "changed_at")
       select "campaign_id", "status", ? from unnest(?::text[], ?::text[]) as "u" ("campaign_id", "status")
       on conflict ("campaign_id") do update set "status" = excluded."status", "changed_at" = excluded."changed_at"`,
      [at, ids, ids.map((id) => statuses.get(id)!)],
    );
  }
}

/** Hours from the hour rows; days and weeks from the day rows. */
function granularityOf(range: StatisticsRange): 'hour' | 'day' {
  return range.interval === 'hour' ? 'hour' : 'day';
}

function nonNullFigures(row: Record<keyof typeof FIGURES, number | null>): Record<keyof typeof FIGURES, number> {
  return {
    sent: row.sent ?? 0,
    delivered: row.delivered ?? 0,
    hard: row.hard ?? 0,
    soft: row.soft ?? 0,
    complaint: row.complaint ?? 0,
    sender_blocks: row.sender_blocks ?? 0,
  };
}

function figuresOf(row: Record<keyof typeof FIGURES, number>): DeliveryFigures {
  return { sent: row.sent, delivered: row.delivered, hard: row.hard, soft: row.soft, complaint: row.complaint, senderBlocks: row.sender_blocks };
}
