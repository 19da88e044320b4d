import { Migration } from '@mikro-orm/migrations';

/**
 * Every instance keeps some small tables in memory — the API keys it has looked up, the
 * allow-list, which event types the webhook endpoints take — and forgets them when told that
 * they changed (docs/architecture.md, "Tables kept in memory"). The telling is done here, in the
 * database, so that no write can skip it — the API's, the CLI's, another instance's, an
 * operator's SQL: triggers notify the channel `mailpass_changes`, with the table's name, at every
 * write to `allowlist_entries` and `webhook_endpoints`, and when an API key is added, deleted or
 * truncated, or what authenticates one (its hash, permissions, revocation) changes. A
 * notification is sent at commit, and only then; `last_used_at`, written once a minute at most
 * per key and instance, notifies nobody.
 */
export class Migration20261204160000_TableChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function "notify_table_change"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('mailpass_changes', TG_TABLE_NAME);
        return null;
      end
      $$;`);
    this.addSql(`
      create trigger "api_keys_added_or_removed" after insert or delete or truncate on "api_keys"
      for each statement execute function "notify_table_change"();`);
    this.addSql(`
      create trigger "api_keys_changed" after update on "api_keys"
      for each row when (
        old."key_hash" is distinct from new."key_hash" or old."permissions" is distinct from new."permissions"
        or old."revoked_at" is distinct from new."revoked_at"
      ) execute function "notify_table_change"();`);
    for (const table of ['allowlist_entries', 'webhook_endpoints']) {
      this.addSql(`
        create trigger "${table}_changed" after insert or update or delete or truncate on "${table}"
        for each statement execute function "notify_table_change"();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['allowlist_entries', 'webhook_endpoints']) this.addSql(`drop trigger "${table}_changed" on "${table}";`);
    this.addSql(`drop trigger "api_keys_changed" on "api_keys";`);
    this.addSql(`drop trigger "api_keys_added_or_removed" on "api_keys";`);
    this.addSql(`drop function "notify_table_change"();`);
  }
}
