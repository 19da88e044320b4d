import { Migration } from '@mikro-orm/migrations';

/**
 * Less work per stored bounce and per state update, for bursts of provider events:
 *
 * - Bounces are looked up by address only to hand a new subscriber the history of its address
 *   (bounces stored while it had no subscriber). The address index now holds those rows only,
 *   so a bounce of a subscriber — nearly all of them — updates one index fewer.
 * - Subscribers are updated on every bounce (count, last bounce, status): pages kept 10 % free
 *   let PostgreSQL write the new row version beside the old one without touching the indexes
 *   (a heap-only tuple) when the status does not change. Pages written from now on get it.
 */
export class Migration20261126030000_BounceWritePath extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "bounces_unowned_email_index" on "bounces" ("email") where "subscriber_id" is null;`);
    this.addSql(`drop index "bounces_email_index";`);
    this.addSql(`alter table "subscribers" set (fillfactor = 90);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "subscribers" reset (fillfactor);`);
    this.addSql(`create index "bounces_email_index" on "bounces" ("email");`);
    this.addSql(`drop index "bounces_unowned_email_index";`);
  }
}
