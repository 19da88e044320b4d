import { Migration } from '@mikro-orm/migrations';

const FIGURES = ['sent', 'delivered', 'hard', 'soft', 'complaint', 'sender_blocks'];

/**
 * `add_delivery_statistics`: a batch's increments of the counters and the last health statuses
 * of its campaigns in one round trip, read in that order. The function's second statement reads
 * `campaign_health_levels` in a snapshot of its own, taken once the first has locked every
 * counter row of the batch (a volatile function's statements each take one): a transaction that
 * held the campaign's all-time row, and changed its level, has committed by then and its level
 * is seen, as when the two were statements of their own.
 */
export class Migration20261204230000_AddDeliveryStatistics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function "add_delivery_statistics"(
        "p_dimensions" text[], "p_groups" text[], "p_granularities" text[], "p_buckets" timestamptz[],
        ${FIGURES.map((name) => `"p_${name}" bigint[]`).join(', ')}, "p_campaigns" text[])
        returns table ("campaign_id" text, "status" text, ${FIGURES.map((name) => `"${name}" bigint`).join(', ')})
        language plpgsql volatile as $$
      #variable_conflict use_column
      begin
        -- The increments, their rows locked in the order given; the campaigns' all-time figures after them.
        return query
          with "added" as (
            insert into "delivery_statistics" as "s" ("dimension", "group_key", "granularity", "bucket", ${FIGURES.map((name) => `"${name}"`).join(', ')})
            select * from unnest("p_dimensions", "p_groups", "p_granularities", "p_buckets", ${FIGURES.map((name) => `"p_${name}"`).join(', ')})
            on conflict ("dimension", "group_key", "granularity", "bucket") do update set
              ${FIGURES.map((name) => `"${name}" = "s"."${name}" + excluded."${name}"`).join(', ')}
            returning "s"."group_key", "s"."granularity", ${FIGURES.map((name) => `"s"."${name}"`).join(', ')}
          )
          select "a"."group_key"::text, null::text, ${FIGURES.map((name) => `"a"."${name}"`).join(', ')} from "added" as "a" where "a"."granularity" = 'all';
        -- The campaigns' last statuses, read now that the counters are locked, and locked until the transaction ends.
        return query
          select "l"."campaign_id"::text, "l"."status"::text, ${FIGURES.map(() => 'null::bigint').join(', ')}
            from "campaign_health_levels" as "l"
           where "l"."campaign_id" = any("p_campaigns")
           order by "l"."campaign_id"
             for update;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function "add_delivery_statistics"(text[], text[], text[], timestamptz[], ${FIGURES.map(() => 'bigint[]').join(', ')}, text[]);`);
  }
}
