import { Migration } from '@mikro-orm/migrations';

/**
 * The sendability check (`POST /api/v1/suppressions/check`, docs/suppressions.md) asks, for up
 * to a thousand addresses at once, which are suppressed. Both tables that hold an address's
 * state get an index of their suppressed addresses alone (partial, `status <> 'active'`) that
 * carries what the check reads of them (the status, and what decides whether a suppression by
 * the soft threshold has lapsed): each address is a look-up in that small index, and the rows
 * are not read. Without it, each address checked was a look-up in the index of every address
 * followed by a read of its row, or the planner read every suppressed row.
 */
export class Migration20261204210000_SendabilityIndexes extends Migration {
  override async up(): Promise<void> {
    for (const table of ['subscribers', 'address_states']) {
      this.addSql(
        `create index "${table}_sendability_index" on "${table}" ("email") include ("status", "suppressed_by", "status_changed_at") where "status" <> 'active';`,
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "subscribers_sendability_index", "address_states_sendability_index";`);
  }
}
