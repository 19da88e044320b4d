import { Migration } from '@mikro-orm/migrations';

/**
 * The exact number of bounces without counting a million rows on every page: a counter kept
 * by triggers in the same transactions as the rows. It is split in 16 slots, chosen by the
 * writing connection, so that concurrent writers do not queue on one row; the total is their
 * sum. Exact under concurrency: a transaction's increments commit with its rows.
 */
export class Migration20261126010000_BounceCounters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "bounce_counters" ("slot" smallint primary key, "count" bigint not null default 0);`);
    this.addSql(`insert into "bounce_counters" ("slot", "count") select s, 0 from generate_series(0, 15) as s;`);
    this.addSql(`update "bounce_counters" set "count" = (select count(*) from "bounces") where "slot" = 0;`);

    this.addSql(`
      create function "bounce_counters_add"() returns trigger language plpgsql as $$
      begin
        update "bounce_counters" set "count" = "count" + (select count(*) from inserted) where "slot" = pg_backend_pid() % 16;
        return null;
      end $$;`);
    this.addSql(`
      create function "bounce_counters_remove"() returns trigger language plpgsql as $$
      begin
        update "bounce_counters" set "count" = "count" - (select count(*) from deleted) where "slot" = pg_backend_pid() % 16;
        return null;
      end $$;`);
    this.addSql(`
      create function "bounce_counters_reset"() returns trigger language plpgsql as $$
      begin
        update "bounce_counters" set "count" = 0;
        return null;
      end $$;`);
    this.addSql(
      `create trigger "bounces_count_insert" after insert on "bounces" referencing new table as inserted for each statement execute function "bounce_counters_add"();`,
    );
    this.addSql(
      `create trigger "bounces_count_delete" after delete on "bounces" referencing old table as deleted for each statement execute function "bounce_counters_remove"();`,
    );
    this.addSql(`create trigger "bounces_count_truncate" after truncate on "bounces" for each statement execute function "bounce_counters_reset"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "bounces_count_insert" on "bounces";`);
    this.addSql(`drop trigger if exists "bounces_count_delete" on "bounces";`);
    this.addSql(`drop trigger if exists "bounces_count_truncate" on "bounces";`);
    this.addSql(`drop function if exists "bounce_counters_add"(), "bounce_counters_remove"(), "bounce_counters_reset"();`);
    this.addSql(`drop table if exists "bounce_counters";`);
  }
}
