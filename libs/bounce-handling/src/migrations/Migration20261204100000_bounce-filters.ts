import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for finding bounces (`GET /api/v1/bounces` filters), each in the list's order
 * (`created_at` desc, `id` desc) so that a filtered first page and a cursor page read a page's
 * worth of index, and each exact total is counted from the index:
 *
 * - by recipient domain, then address: the domain is the text after the last `@` (as a stored
 *   address keeps it, lower-cased). One index serves both filters: an address filter also names
 *   the address's domain, so it reads its address's entries only. Every bounce is in it.
 * - by campaign: only bounces of a campaign are in it (those recorded through the API without
 *   one are not).
 *
 * Type, category, reason and source are few values each: they are read off the list's own index
 * (`bounces_created_at_id_index`) rather than indexed, so that a stored bounce updates two indexes
 * more, not six.
 */
export class Migration20261204100000_BounceFilters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index "bounces_domain_email_index"
        on "bounces" (split_part("email", '@', -1), "email", "created_at" desc, "id" desc);`);
    this.addSql(`
      create index "bounces_campaign_id_index"
        on "bounces" ("campaign_id", "created_at" desc, "id" desc) where "campaign_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "bounces_campaign_id_index";`);
    this.addSql(`drop index "bounces_domain_email_index";`);
  }
}
