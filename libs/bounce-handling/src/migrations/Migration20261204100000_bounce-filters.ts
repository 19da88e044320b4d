import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for finding bounces (`GET /api/v1/bounces` filters), in the list's order (`created_at`
 * desc, `id` desc), so that a filtered first page or a page after a cursor reads a page's worth of
 * index whatever the dates of the bounces it finds, and an exact total is counted on the index:
 *
 * - by recipient domain: the text after the last `@` of the address (a provider may report a
 *   local part with an `@` of its own), lower-case as every stored address is. The address is
 *   carried in it, so that the total of a large domain is counted on the index alone (PostgreSQL
 *   reads an index only when it holds every column a condition names, and the domain names `email`).
 * - by campaign: only the bounces that name one (those recorded through the API without one are
 *   not in it).
 *
 * An address needs no index of its own: its bounces are those of its subscriber
 * (`bounces_subscriber_id_index`) and those stored while it had none (`bounces_unowned_email_index`).
 * Type, category, reason and source have a few values each: they are read off the list's own
 * index (`bounces_created_at_id_index`). A stored bounce so updates two indexes more, not six.
 */
export class Migration20261204100000_BounceFilters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index "bounces_domain_index"
        on "bounces" (split_part("email", '@', -1), "created_at" desc, "id" desc) include ("email");`);
    this.addSql(`
      create index "bounces_campaign_id_index"
        on "bounces" ("campaign_id", "created_at" desc, "id" desc) where "campaign_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "bounces_campaign_id_index";`);
    this.addSql(`drop index "bounces_domain_index";`);
  }
}
