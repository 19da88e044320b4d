import { Migration } from '@mikro-orm/migrations';

const SUPPRESSION_REASONS = `('hard-bounce', 'soft-bounce-threshold', 'complaint')`;

/**
 * An address's state says what suppressed it and when each counted soft bounce of its run was
 * applied (docs/policy.md, rule 13): a suppression by the soft threshold may lapse, a hard
 * bounce's or a complaint's never does; a soft bounce stops counting when it is older than the
 * window. Both tables that hold an address's state get both columns:
 *
 * - `suppressed_by`: the reason of the change that suppressed the address, taken for rows that
 *   are already suppressed from their latest change to that status in `status_changes`; null
 *   when none is recorded (a suppression of unknown cause, which never lapses).
 * - `soft_bounce_times`: the times of the run's counted soft bounces, oldest first, never more
 *   than `consecutive_soft_bounces`. A run counted before this migration is given its address's
 *   last bounce time for each of its soft bounces: none of them can be more recent, so none stops
 *   counting sooner than it should.
 *
 * `lock_address_states` answers both; its result type changes, hence drop and create (the locks
 * and the read are those of `Migration20261126020000_LockAddressStates`).
 */
export class Migration20261203120000_SuppressionCauseAndSoftBounceTimes extends Migration {
  override async up(): Promise<void> {
    for (const table of ['subscribers', 'address_states']) {
      this.addSql(`
        alter table "${table}"
          add column "soft_bounce_times" timestamptz[] not null default '{}',
          add column "suppressed_by" varchar(32) null check ("suppressed_by" in ${SUPPRESSION_REASONS}),
          add constraint "${table}_soft_bounce_times_check" check (cardinality("soft_bounce_times") <= "consecutive_soft_bounces");`);
      this.addSql(`
        update "${table}" set "soft_bounce_times" = array_fill("last_bounce_at", array["consecutive_soft_bounces"])
         where "consecutive_soft_bounces" > 0 and "last_bounce_at" is not null;`);
      this.addSql(`
        update "${table}" as t set "suppressed_by" = (
          select c."reason" from "status_changes" c
           where c."email" = t."email" and c."status" = t."status" and c."reason" in ${SUPPRESSION_REASONS}
           order by c."created_at" desc, c."id" desc limit 1)
         where t."status" <> 'active';`);
    }
    this.addSql(`drop function "lock_address_states"(text[]);`);
    this.addSql(`
      create function "lock_address_states"("emails" text[])
        returns table ("email" text, "subscriber_id" bigint, "status" text, "consecutive_soft_bounces" integer,
                       "soft_bounce_times" timestamptz[], "suppressed_by" text, "last_bounce_at" timestamptz, "status_changed_at" timestamptz)
        language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock(k)
           from (select distinct hashtextextended(e, 0) as k from unnest("emails") as e order by k) as sorted;
        return query
          select s."email"::text, s."id", s."status"::text, s."consecutive_soft_bounces", s."soft_bounce_times", s."suppressed_by"::text,
                 s."last_bounce_at", s."status_changed_at"
            from "subscribers" s
           where s."email" = any("emails")
          union all
          select a."email"::text, null::bigint, a."status"::text, a."consecutive_soft_bounces", a."soft_bounce_times", a."suppressed_by"::text,
                 a."last_bounce_at", a."status_changed_at"
            from "address_states" a
           where a."email" = any("emails");
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function "lock_address_states"(text[]);`);
    this.addSql(`
      create function "lock_address_states"("emails" text[])
        returns table ("email" text, "subscriber_id" bigint, "status" text, "consecutive_soft_bounces" integer,
                       "last_bounce_at" timestamptz, "status_changed_at" timestamptz)
        language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock(k)
           from (select distinct hashtextextended(e, 0) as k from unnest("emails") as e order by k) as sorted;
        return query
          select s."email"::text, s."id", s."status"::text, s."consecutive_soft_bounces", s."last_bounce_at", s."status_changed_at"
            from "subscribers" s
           where s."email" = any("emails")
          union all
          select a."email"::text, null::bigint, a."status"::text, a."consecutive_soft_bounces", a."last_bounce_at", a."status_changed_at"
            from "address_states" a
           where a."email" = any("emails");
      end $$;`);
    for (const table of ['subscribers', 'address_states']) {
      this.addSql(`alter table "${table}" drop constraint "${table}_soft_bounce_times_check", drop column "soft_bounce_times", drop column "suppressed_by";`);
    }
  }
}
