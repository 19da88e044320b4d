import { Migration } from '@mikro-orm/migrations';

/**
 * The allow-list: addresses (`someone@example.com`) and domains (`@example.com`) whose reports
 * are recorded and never change them (docs/policy.md, rule 14). Ingestion looks up the patterns
 * that could cover a batch's addresses by their exact key, the primary key's index. The list is
 * short (seed inboxes, test domains): its page, newest first, is sorted without an index.
 */
export class Migration20261204120000_Allowlist extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "allowlist_entries" (
        "pattern" varchar(254) not null,
        "note" text null,
        "added_by" varchar(255) null,
        "created_at" timestamptz not null,
        constraint "allowlist_entries_pkey" primary key ("pattern")
      );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "allowlist_entries";`);
  }
}
