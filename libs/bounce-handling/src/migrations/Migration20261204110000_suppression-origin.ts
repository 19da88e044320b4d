import { Migration } from '@mikro-orm/migrations';

/** The vocabulary as this migration writes it; a later change of it is a later migration. */
const SUPPRESSION_REASONS = `('hard-bounce', 'soft-bounce-threshold', 'complaint', 'manual', 'import')`;
const PREVIOUS_SUPPRESSION_REASONS = `('hard-bounce', 'soft-bounce-threshold', 'complaint')`;

/** The suppression list's sort key: newest suppression first, then the address. */
const SORT = `coalesce("status_changed_at", timestamptz 'epoch') desc, "email" desc`;

/**
 * The suppression list (docs/suppressions.md). Both tables that hold an address's state get:
 *
 * - `suppressed_by` may also be `manual` (an operator added the address to the list) or `import`
 *   (an imported list did).
 * - `suppression_origin`: where the suppression came from — `bounce` (a hard bounce or the
 *   soft-bounce threshold), `complaint`, `manual`, `import` — a function of `suppressed_by`,
 *   generated from it, so that every writer keeps it right and rows already stored have theirs
 *   at once; null when the cause is not known or the address is active.
 * - `suppression_note`: the note given with an added suppression.
 *
 * And the list's indexes, over suppressed rows only (partial, `status <> 'active'`): its order,
 * and its order within one recipient domain and within one origin.
 */
export class Migration20261204110000_SuppressionOrigin extends Migration {
  override async up(): Promise<void> {
    for (const table of ['subscribers', 'address_states']) {
      this.addSql(`
        alter table "${table}"
          drop constraint "${table}_suppressed_by_check",
          add constraint "${table}_suppressed_by_check" check ("suppressed_by" in ${SUPPRESSION_REASONS}),
          add column "suppression_origin" varchar(16) generated always as (
            case when "suppressed_by" in ('hard-bounce', 'soft-bounce-threshold') then 'bounce' else "suppressed_by" end) stored,
          add column "suppression_note" varchar(500) null;`);
      this.addSql(`create index "${table}_suppressed_index" on "${table}" (${SORT}) where "status" <> 'active';`);
      this.addSql(`create index "${table}_suppressed_domain_index" on "${table}" (split_part("email", '@', -1), ${SORT}) where "status" <> 'active';`);
      this.addSql(`create index "${table}_suppressed_origin_index" on "${table}" ("suppression_origin", ${SORT}) where "status" <> 'active';`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['subscribers', 'address_states']) {
      this.addSql(`drop index "${table}_suppressed_index", "${table}_suppressed_domain_index", "${table}_suppressed_origin_index";`);
      // The reasons added here have no older equivalent: such a suppression is of unknown cause.
      this.addSql(`update "${table}" set "suppressed_by" = null where "suppressed_by" in ('manual', 'import');`);
      this.addSql(`
        alter table "${table}"
          drop column "suppression_origin",
          drop column "suppression_note",
          drop constraint "${table}_suppressed_by_check",
          add constraint "${table}_suppressed_by_check" check ("suppressed_by" in ${PREVIOUS_SUPPRESSION_REASONS});`);
    }
  }
}
