import { Migration } from '@mikro-orm/migrations';

/**
 * Locks addresses and loads their state in one round trip. The state must be read after the
 * locks are granted, with a snapshot that sees what their holders committed: a single SQL
 * statement takes its snapshot before it waits, but each statement of a volatile PL/pgSQL
 * function takes its own, so the read below sees every change the locks waited for.
 *
 * The lock keys are those of every other writer of an address's state (`address-lock.ts`):
 * `hashtextextended(email, 0)`, taken in ascending order so that overlapping sets cannot
 * deadlock. The state lives on the address's subscriber, or on `address_states` when it has none.
 */
export class Migration20261126020000_LockAddressStates extends Migration {
  override async up(): Promise<void> {
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

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "lock_address_states"(text[]);`);
  }
}
