import { Migration } from '@mikro-orm/migrations';

/**
 * Every instance keeps the API keys it has looked up in memory, and forgets them all when told
 * that the keys changed (docs/architecture.md, "API keys"). The telling is done here, in the
 * database, so that no write can skip it — the API's, the CLI's, another process's, an
 * operator's SQL: a trigger notifies `mailpass_api_keys` when a key is added, deleted or
 * truncated, or when what authenticates one (its hash, permissions, revocation) changes. A
 * notification is sent at commit, and only then; `last_used_at`, written once a minute at most
 * per key and instance, notifies nobody.
 */
export class Migration20261204160000_ApiKeyChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function "api_keys_notify_change"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('mailpass_api_keys', '');
        return null;
      end
      $$;`);
    this.addSql(`
      create trigger "api_keys_added_or_removed" after insert or delete or truncate on "api_keys"
      for each statement execute function "api_keys_notify_change"();`);
    this.addSql(`
      create trigger "api_keys_changed" after update on "api_keys"
      for each row when (
        old."key_hash" is distinct from new."key_hash" or old."permissions" is distinct from new."permissions"
        or old."revoked_at" is distinct from new."revoked_at"
      ) execute function "api_keys_notify_change"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "api_keys_changed" on "api_keys";`);
    this.addSql(`drop trigger "api_keys_added_or_removed" on "api_keys";`);
    this.addSql(`drop function "api_keys_notify_change"();`);
  }
}
