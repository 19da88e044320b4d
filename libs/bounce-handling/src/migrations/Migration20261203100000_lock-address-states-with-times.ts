import { Migration } from '@mikro-orm/migrations';

/**
 * `lock_address_states` answers an address's whole state: its last bounce and the time its
 * status changed as well as its status and run of soft bounces. Every writer of an address's
 * state (ingestion, a new subscriber taking the address over, a re-activation) then locks and
 * loads it the same way, in one round trip. The locks and the read are those of
 * `Migration20261126020000_LockAddressStates`; a function's result type cannot be replaced in
 * place, hence drop and create.
 */
export class Migration20261203100000_LockAddressStatesWithTimes extends Migration {
  override async up(): Promise<void> {
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
  }

  override async down(): Promise<void> {
    this.addSql(`drop function "lock_address_states"(text[]);`);
    this.addSql(`
      create function "lock_address_states"("emails" text[])
        returns table ("email" text, "subscriber_id" bigint, "status" text, "consecutive_soft_bounces" integer)
        language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock(k)
           from (select distinct hashtextextended(e, 0) as k from unnest("emails") as e order by k) as sorted;
        return query
          select s."email"::text, s."id", s."status"::text, s."consecutive_soft_bounces" from "subscribers" s
           where s."email" = any("emails")
          union all
          select a."email"::text, null::bigint, a."status"::text, a."consecutive_soft_bounces" from "address_states" a
           where a."email" = any("emails");
      end $$;`);
  }
}
