import { Migration } from '@mikro-orm/migrations';

/**
 * `bounces` partitioned by month, so that old months can be dropped whole (docs/retention.md)
 * and every insert and page touches the indexes of a month, not of the whole history.
 *
 * - `bounces` becomes a table partitioned by range of `created_at`, one partition per UTC month
 *   (`bounces_2026_12` holds December 2026), from the month of the oldest stored bounce to two
 *   months ahead, and `bounces_default` for anything outside them (a late report older than every
 *   partition, a date far ahead). The rows are copied with their ids; the identity sequence goes
 *   on from where it was. Every index is declared on the parent, so each partition has its own.
 * - Its key becomes (`id`, `created_at`): a partitioned table's unique constraints must hold the
 *   partition key. Ids are still drawn from one sequence, so `id` alone stays unique in practice.
 * - The dedupe key of provider events (`source`, `provider_event_id`) cannot stay a unique index
 *   of `bounces` for the same reason (it would be unique within a month only): it moves to
 *   `bounce_dedupe_keys`, unpartitioned, keyed by it, with the bounce's id and time. The write path
 *   inserts the key first and the bounce only when the key was new, in one statement. A deleted
 *   bounce takes its key with it (a trigger), a truncation takes them all.
 * - `status_changes.bounce_id` no longer references `bounces`: a foreign key to a partitioned
 *   table must name its whole key, and a status change knows its bounce's id only. The column
 *   keeps naming the bounce that caused the change; the retention sets it to null before it drops
 *   the bounce's month (what `on delete set null` did), so it never names a bounce that is gone.
 * - The bounce counters' triggers are declared again on the new table, which holds the same rows.
 * - `bounce_retention_state`, one row: how far the raw reports have been cleared, so that the
 *   retention's daily run goes on from there rather than reading every older bounce again.
 *
 * It copies the table within the migration's transaction; docs/retention.md says what that costs a large one.
 */
export class Migration20261204170000_PartitionedBounces extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "status_changes" drop constraint "status_changes_bounce_id_fkey";`);
    this.addSql(`alter table "bounces" rename to "bounces_unpartitioned";`);
    this.addSql(`alter sequence "bounces_id_seq" rename to "bounces_unpartitioned_id_seq";`);
    this.addSql(`alter table "bounces_unpartitioned" rename constraint "bounces_pkey" to "bounces_unpartitioned_pkey";`);
    this.addSql(`
      drop index "bounces_created_at_id_index", "bounces_subscriber_id_index", "bounces_soft_message_index", "bounces_unowned_email_index",
        "bounces_domain_index", "bounces_campaign_id_index", "bounces_source_provider_event_id_unique";`);
    this.addSql(`
      create table "bounces" (like "bounces_unpartitioned" including defaults including constraints including identity including storage)
        partition by range ("created_at");`);
    this.addSql(`select setval(pg_get_serial_sequence('bounces', 'id'), "last_value", "is_called") from "bounces_unpartitioned_id_seq";`);
    this.addSql(`
      alter table "bounces" add constraint "bounces_subscriber_id_fkey"
        foreign key ("subscriber_id") references "subscribers" ("id") on delete set null;`);
    this.addSql(`
      do $$
      declare
        "month" timestamptz := date_trunc('month', least(coalesce((select min("created_at") from "bounces_unpartitioned"), now()), now()), 'UTC');
        "last" timestamptz := date_trunc('month', now(), 'UTC') + interval '2 months';
      begin
        while "month" <= "last" loop
          execute format('create table %I partition of "bounces" for values from (%L) to (%L)',
            'bounces_' || to_char("month" at time zone 'UTC', 'YYYY_MM'), "month", "month" + interval '1 month');
          "month" := "month" + interval '1 month';
        end loop;
      end $$;`);
    this.addSql(`create table "bounces_default" partition of "bounces" default;`);
    this.addSql(`insert into "bounces" select * from "bounces_unpartitioned";`);

    this.addSql(`
      create table "bounce_dedupe_keys" (
        "source" varchar(32) not null,
        "provider_event_id" varchar(255) not null,
        "bounce_id" bigint not null,
        "created_at" timestamptz not null,
        constraint "bounce_dedupe_keys_pkey" primary key ("source", "provider_event_id")
      );`);
    this.addSql(`
      insert into "bounce_dedupe_keys" ("source", "provider_event_id", "bounce_id", "created_at")
        select "source", "provider_event_id", "id", "created_at" from "bounces_unpartitioned" where "provider_event_id" is not null;`);
    this.addSql(`drop table "bounces_unpartitioned";`);

    // Built after the copy, once per partition, rather than entry by entry.
    this.addSql(`alter table "bounces" add constraint "bounces_pkey" primary key ("id", "created_at");`);
    this.addSql(`create index "bounces_created_at_id_index" on "bounces" ("created_at" desc, "id" desc);`);
    this.addSql(`create index "bounces_subscriber_id_index" on "bounces" ("subscriber_id", "created_at" desc, "id" desc);`);
    this.addSql(`create index "bounces_unowned_email_index" on "bounces" ("email") where "subscriber_id" is null;`);
    this.addSql(`
      create index "bounces_soft_message_index" on "bounces" ("email", "provider_message_id")
        where "bounce_type" = 'soft' and "provider_message_id" is not null;`);
    this.addSql(`create index "bounces_domain_index" on "bounces" (split_part("email", '@', -1), "created_at" desc, "id" desc) include ("email");`);
    this.addSql(`create index "bounces_campaign_id_index" on "bounces" ("campaign_id", "created_at" desc, "id" desc) where "campaign_id" is not null;`);

    this.addSql(
      `create trigger "bounces_count_insert" after insert on "bounces" referencing new table as inserted for each statement execute function "bounce_counters_add"();`,
    );
    this.addSql(
      `create trigger "bounces_count_delete" after delete on "bounces" referencing old table as deleted for each statement execute function "bounce_counters_remove"();`,
    );
    this.addSql(`create trigger "bounces_count_truncate" after truncate on "bounces" for each statement execute function "bounce_counters_reset"();`);
    this.addSql(`
      create function "bounce_dedupe_keys_forget"() returns trigger language plpgsql as $$
      begin
        delete from "bounce_dedupe_keys" k using deleted d
         where k."source" = d."source" and k."provider_event_id" = d."provider_event_id" and k."bounce_id" = d."id";
        return null;
      end $$;`);
    this.addSql(`
      create function "bounce_dedupe_keys_reset"() returns trigger language plpgsql as $$
      begin
        truncate "bounce_dedupe_keys";
        return null;
      end $$;`);
    this.addSql(
      `create trigger "bounces_dedupe_keys_delete" after delete on "bounces" referencing old table as deleted for each statement execute function "bounce_dedupe_keys_forget"();`,
    );
    this.addSql(`create trigger "bounces_dedupe_keys_truncate" after truncate on "bounces" for each statement execute function "bounce_dedupe_keys_reset"();`);
    this.addSql(`
      create table "bounce_retention_state" (
        "id" boolean primary key default true check ("id"),
        "raw_reports_cleared_before" timestamptz null
      );`);
    this.addSql(`insert into "bounce_retention_state" ("id") values (true);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "bounces" rename to "bounces_partitioned";`);
    this.addSql(`alter sequence "bounces_id_seq" rename to "bounces_partitioned_id_seq";`);
    this.addSql(`
      create table "bounces" (like "bounces_partitioned" including defaults including constraints including identity including storage);`);
    this.addSql(`select setval(pg_get_serial_sequence('bounces', 'id'), "last_value", "is_called") from "bounces_partitioned_id_seq";`);
    this.addSql(`insert into "bounces" select * from "bounces_partitioned";`);
    this.addSql(`drop table "bounces_partitioned", "bounce_dedupe_keys", "bounce_retention_state";`);
    this.addSql(`drop function "bounce_dedupe_keys_forget"(), "bounce_dedupe_keys_reset"();`);
    this.addSql(`alter table "bounces" add constraint "bounces_pkey" primary key ("id");`);
    this.addSql(`
      alter table "bounces" add constraint "bounces_subscriber_id_fkey"
        foreign key ("subscriber_id") references "subscribers" ("id") on delete set null;`);
    this.addSql(`
      create unique index "bounces_source_provider_event_id_unique"
        on "bounces" ("source", "provider_event_id") where "provider_event_id" is not null;`);
    this.addSql(`create index "bounces_created_at_id_index" on "bounces" ("created_at" desc, "id" desc);`);
    this.addSql(`create index "bounces_subscriber_id_index" on "bounces" ("subscriber_id", "created_at" desc, "id" desc);`);
    this.addSql(`create index "bounces_unowned_email_index" on "bounces" ("email") where "subscriber_id" is null;`);
    this.addSql(`
      create index "bounces_soft_message_index" on "bounces" ("email", "provider_message_id")
        where "bounce_type" = 'soft' and "provider_message_id" is not null;`);
    this.addSql(`create index "bounces_domain_index" on "bounces" (split_part("email", '@', -1), "created_at" desc, "id" desc) include ("email");`);
    this.addSql(`create index "bounces_campaign_id_index" on "bounces" ("campaign_id", "created_at" desc, "id" desc) where "campaign_id" is not null;`);
    this.addSql(`update "status_changes" set "bounce_id" = null where "bounce_id" not in (select "id" from "bounces");`);
    this.addSql(`
      alter table "status_changes" add constraint "status_changes_bounce_id_fkey"
        foreign key ("bounce_id") references "bounces" ("id") on delete set null;`);
    this.addSql(
      `create trigger "bounces_count_insert" after insert on "bounces" referencing new table as inserted for each statement execute function "bounce_counters_add"();`,
    );
    this.addSql(
      `create trigger "bounces_count_delete" after delete on "bounces" referencing old table as deleted for each statement execute function "bounce_counters_remove"();`,
    );
    this.addSql(`create trigger "bounces_count_truncate" after truncate on "bounces" for each statement execute function "bounce_counters_reset"();`);
  }
}
