import { Migration } from '@mikro-orm/migrations';

/**
 * The exact number of bounces of each recipient domain (`split_part(email, '@', -1)`, as the
 * list's domain filter reads it), kept as the list's total is (`bounce_counters`): by triggers
 * on `bounces`, in the transactions of the rows, one upsert per domain per statement, spread over
 * 16 slots chosen by the writing connection so that concurrent writers of one large domain do
 * not queue on one row. The list filtered by domains alone answers its total from here, rather
 * than counting a large domain's millions of bounces on every page. The retention lowers it when
 * it drops a month (a detach fires no trigger).
 */
export class Migration20261204220000_BounceDomainCounters extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "bounce_domain_counters" ("domain" text not null, "slot" smallint not null, "count" bigint not null, primary key ("domain", "slot"));`,
    );
    this.addSql(`insert into "bounce_domain_counters" ("domain", "slot", "count") select split_part("email", '@', -1), 0, count(*) from "bounces" group by 1;`);
    // Rows in domain order, so that two statements of one slot lock them in one order.
    this.addSql(`
      create function "bounce_domain_counters_add"(changes jsonb) returns void language sql as $$
        insert into "bounce_domain_counters" ("domain", "slot", "count")
        select c."domain", pg_backend_pid() % 16, c."n" from jsonb_to_recordset(changes) as c("domain" text, "n" bigint) where c."n" <> 0 order by c."domain"
        on conflict ("domain", "slot") do update set "count" = "bounce_domain_counters"."count" + excluded."count"
      $$;`);
    for (const [event, table, sign] of [
      ['insert', 'inserted', ''],
      ['delete', 'deleted', '-'],
    ]) {
      this.addSql(`
        create function "bounce_domain_counters_on_${event}"() returns trigger language plpgsql as $$
        begin
          insert into "bounce_domain_counters" ("domain", "slot", "count")
          select split_part("email", '@', -1), pg_backend_pid() % 16, ${sign}count(*) from ${table} group by 1 order by 1
          on conflict ("domain", "slot") do update set "count" = "bounce_domain_counters"."count" + excluded."count";
          return null;
        end $$;`);
    }
    // Only an update that changes an address moves a count (the service never does; an operator may).
    this.addSql(`
      create function "bounce_domain_counters_on_update"() returns trigger language plpgsql as $$
      begin
        perform "bounce_domain_counters_add"(
          (select coalesce(jsonb_agg(jsonb_build_object('domain', d, 'n', n)), '[]') from
            (select d, sum(n) as n from (
               select split_part(o."email", '@', -1) as d, -1 as n from before_update o join after_update a on a."id" = o."id" where a."email" <> o."email"
               union all
               select split_part(a."email", '@', -1), 1 from before_update o join after_update a on a."id" = o."id" where a."email" <> o."email") m
             group by d) c));
        return null;
      end $$;`);
    this.addSql(`
      create function "bounce_domain_counters_reset"() returns trigger language plpgsql as $$
      begin
        delete from "bounce_domain_counters";
        return null;
      end $$;`);
    this.addSql(
      `create trigger "bounces_domain_count_insert" after insert on "bounces" referencing new table as inserted for each statement execute function "bounce_domain_counters_on_insert"();`,
    );
    this.addSql(
      `create trigger "bounces_domain_count_delete" after delete on "bounces" referencing old table as deleted for each statement execute function "bounce_domain_counters_on_delete"();`,
    );
    this.addSql(
      `create trigger "bounces_domain_count_update" after update on "bounces" referencing old table as before_update new table as after_update for each statement execute function "bounce_domain_counters_on_update"();`,
    );
    this.addSql(
      `create trigger "bounces_domain_count_truncate" after truncate on "bounces" for each statement execute function "bounce_domain_counters_reset"();`,
    );
  }

  override async down(): Promise<void> {
    for (const event of ['insert', 'delete', 'update', 'truncate']) this.addSql(`drop trigger if exists "bounces_domain_count_${event}" on "bounces";`);
    this.addSql(
      `drop function if exists "bounce_domain_counters_on_insert"(), "bounce_domain_counters_on_delete"(), "bounce_domain_counters_on_update"(), "bounce_domain_counters_reset"(), "bounce_domain_counters_add"(jsonb);`,
    );
    this.addSql(`drop table if exists "bounce_domain_counters";`);
  }
}
