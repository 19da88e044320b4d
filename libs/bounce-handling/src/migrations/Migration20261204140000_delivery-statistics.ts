import { Migration } from '@mikro-orm/migrations';

/**
 * The counters of statistics (docs/statistics.md), kept as reports are stored, in their
 * transaction, so that no answer counts bounces:
 *
 * - `delivery_statistics`: one row per dimension (campaign, domain, reason, category, source),
 *   group in it ('' for what is in none: a send has no reason), granularity (`hour`, `day`, and
 *   `all` for a campaign's whole time) and bucket, with the figures. Its key serves a campaign's
 *   figures; `delivery_statistics_bucket_index` serves a dimension's range of buckets, and holds
 *   the figures, so that a year of days is read from the index alone (rows of past days are never
 *   updated again, and vacuum marks their pages all-visible): 17 ms instead of 130 ms for a year
 *   of weeks by campaign at a million bounces. The price: an updated counter is never a HOT
 *   update, it writes an entry in both indexes.
 * - `campaign_health_levels`: the health status a campaign was last seen at, so that crossing
 *   into a worse one alerts once.
 *
 * The bounces stored before are counted here, from `bounces` itself (one pass over the table,
 * grouped by hour; docs/statistics.md gives its cost): statistics are exact from the start.
 * Deliveries and sends were never stored, so they start at zero.
 */
export class Migration20261204140000_DeliveryStatistics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "delivery_statistics" (
        "dimension" varchar(16) not null,
        "group_key" varchar(255) not null,
        "granularity" varchar(8) not null,
        "bucket" timestamptz not null,
        "sent" bigint not null default 0,
        "delivered" bigint not null default 0,
        "hard" bigint not null default 0,
        "soft" bigint not null default 0,
        "complaint" bigint not null default 0,
        "sender_blocks" bigint not null default 0,
        constraint "delivery_statistics_pkey" primary key ("dimension", "group_key", "granularity", "bucket")
      );`);
    this.addSql(`
      create index "delivery_statistics_bucket_index" on "delivery_statistics" ("dimension", "granularity", "bucket")
        include ("group_key", "sent", "delivered", "hard", "soft", "complaint", "sender_blocks");`);
    this.addSql(`
      create table "campaign_health_levels" (
        "campaign_id" varchar(100) not null,
        "status" varchar(16) not null,
        "changed_at" timestamptz not null,
        constraint "campaign_health_levels_pkey" primary key ("campaign_id")
      );`);
    this.addSql(BACKFILL_DELIVERY_STATISTICS);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "campaign_health_levels";`);
    this.addSql(`drop table "delivery_statistics";`);
  }
}

/**
 * The counters of the stored bounces, added to `delivery_statistics` (empty, or counting none of
 * them): one pass over `bounces`, grouped by hour, campaign, domain, reason, category and source,
 * then spread over the dimensions and granularities. A soft bounce of category `sender` is a
 * sender block, as ingestion counts it.
 */
export const BACKFILL_DELIVERY_STATISTICS = `
  with "per_hour" as (
    select date_trunc('hour', "created_at", 'UTC') as "hour",
      coalesce("campaign_id", '') as "campaign", split_part("email", '@', -1) as "domain", "reason", "category", "source",
      count(*) filter (where "bounce_type" = 'hard') as "hard",
      count(*) filter (where "bounce_type" = 'soft' and "category" <> 'sender') as "soft",
      count(*) filter (where "bounce_type" = 'complaint') as "complaint",
      count(*) filter (where "bounce_type" = 'soft' and "category" = 'sender') as "sender_blocks"
    from "bounces"
    group by 1, 2, 3, 4, 5, 6
  )
  insert into "delivery_statistics" as "s" ("dimension", "group_key", "granularity", "bucket", "hard", "soft", "complaint", "sender_blocks")
  select "k"."dimension", "k"."group_key", "k"."granularity", "k"."bucket", sum("p"."hard"), sum("p"."soft"), sum("p"."complaint"), sum("p"."sender_blocks")
  from "per_hour" "p"
  cross join lateral (
    select "d"."dimension", "d"."group_key", "g"."granularity", case "g"."granularity" when 'hour' then "p"."hour" else date_trunc('day', "p"."hour", 'UTC') end as "bucket"
    from (values ('campaign', "p"."campaign"), ('domain', "p"."domain"), ('reason', "p"."reason"), ('category', "p"."category"), ('source', "p"."source")) as "d" ("dimension", "group_key")
    cross join (values ('hour'), ('day')) as "g" ("granularity")
    union all
    select 'campaign', "p"."campaign", 'all', timestamptz '1970-01-01T00:00:00Z' where "p"."campaign" <> ''
  ) as "k"
  group by 1, 2, 3, 4
  on conflict ("dimension", "group_key", "granularity", "bucket") do update set
    "hard" = "s"."hard" + excluded."hard", "soft" = "s"."soft" + excluded."soft",
    "complaint" = "s"."complaint" + excluded."complaint", "sender_blocks" = "s"."sender_blocks" + excluded."sender_blocks";`;
