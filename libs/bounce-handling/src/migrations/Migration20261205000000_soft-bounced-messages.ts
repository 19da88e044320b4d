import { Migration } from '@mikro-orm/migrations';

/**
 * The messages that soft-bounced, per address (policy rule 5: a message's soft bounces count
 * once): one row per (address, provider message id) of a stored soft bounce, with the time of its
 * latest. Ingestion asks it which messages of a batch already soft-bounced, one look-up in one
 * index per pair, where the bounces' own index is one per month kept (each partition has its
 * own). Kept by triggers on `bounces`, whoever writes: an insert adds its soft bounces' messages
 * (or moves their time on), a delete takes away those no other soft bounce still names, a
 * truncate empties it; the retention takes away a dropped month's (a detach fires nothing).
 */
export class Migration20261205000000_SoftBouncedMessages extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "soft_bounced_messages" (
        "email" text not null,
        "provider_message_id" text not null,
        "last_bounce_at" timestamptz not null,
        primary key ("email", "provider_message_id")
      );`);
    this.addSql(`
      insert into "soft_bounced_messages" ("email", "provider_message_id", "last_bounce_at")
      select "email", "provider_message_id", max("created_at") from "bounces"
       where "bounce_type" = 'soft' and "provider_message_id" is not null group by 1, 2;`);
    // One row per message of the statement (an upsert may not touch a row twice), in key order.
    this.addSql(`
      create function "soft_bounced_messages_on_insert"() returns trigger language plpgsql as $$
      begin
        insert into "soft_bounced_messages" ("email", "provider_message_id", "last_bounce_at")
        select "email", "provider_message_id", max("created_at") from inserted
         where "bounce_type" = 'soft' and "provider_message_id" is not null group by 1, 2 order by 1, 2
        on conflict ("email", "provider_message_id")
          do update set "last_bounce_at" = greatest("soft_bounced_messages"."last_bounce_at", excluded."last_bounce_at");
        return null;
      end $$;`);
    this.addSql(`
      create function "soft_bounced_messages_on_delete"() returns trigger language plpgsql as $$
      begin
        delete from "soft_bounced_messages" k
         using (select distinct "email", "provider_message_id" from deleted where "bounce_type" = 'soft' and "provider_message_id" is not null) d
         where k."email" = d."email" and k."provider_message_id" = d."provider_message_id"
           and not exists (
             select 1 from "bounces" b
              where b."email" = d."email" and b."provider_message_id" = d."provider_message_id" and b."bounce_type" = 'soft');
        return null;
      end $$;`);
    this.addSql(`
      create function "soft_bounced_messages_reset"() returns trigger language plpgsql as $$
      begin
        delete from "soft_bounced_messages";
        return null;
      end $$;`);
    this.addSql(
      `create trigger "bounces_soft_messages_insert" after insert on "bounces" referencing new table as inserted for each statement execute function "soft_bounced_messages_on_insert"();`,
    );
    this.addSql(
      `create trigger "bounces_soft_messages_delete" after delete on "bounces" referencing old table as deleted for each statement execute function "soft_bounced_messages_on_delete"();`,
    );
    this.addSql(
      `create trigger "bounces_soft_messages_truncate" after truncate on "bounces" for each statement execute function "soft_bounced_messages_reset"();`,
    );
  }

  override async down(): Promise<void> {
    for (const event of ['insert', 'delete', 'truncate']) this.addSql(`drop trigger if exists "bounces_soft_messages_${event}" on "bounces";`);
    this.addSql(`drop function if exists "soft_bounced_messages_on_insert"(), "soft_bounced_messages_on_delete"(), "soft_bounced_messages_reset"();`);
    this.addSql(`drop table if exists "soft_bounced_messages";`);
  }
}
