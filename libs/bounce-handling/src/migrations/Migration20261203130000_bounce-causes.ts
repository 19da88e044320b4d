import { Migration } from '@mikro-orm/migrations';
import { BOUNCE_SOURCES, BOUNCE_TYPES } from '../bounces/domain/delivery-event';
import { causeOfStoredBounce } from '../bounces/domain/stored-bounce-cause';

/** The vocabulary as this migration writes it; a later change of it is a later migration. */
const REASONS = `('user_unknown', 'host_unknown', 'not_accept', 'has_moved', 'mailbox_disabled', 'suppressed', 'mailbox_full',
  'blocked', 'bad_reputation', 'spam_detected', 'policy_violation', 'auth_failure', 'rate_limited', 'content_error',
  'virus_detected', 'message_too_big', 'no_relaying', 'expired', 'network_error', 'system_error', 'complaint', 'undetermined')`;
const CATEGORIES = `('recipient', 'mailbox', 'sender', 'transient', 'complaint', 'undetermined')`;

/** Rows classified per round: one read and one update each. */
export const BOUNCE_CAUSE_BATCH_SIZE = 5000;

/** What a stored row is read from; the raw event without the message it was about (its headers say nothing of the cause). */
const BATCH = `
  select "id", "bounce_type", "bounce_subtype", "diagnostic_code", "source",
         case when jsonb_typeof("raw_payload") = 'object' then "raw_payload" - array['mail', 'message', 'message-headers'] else "raw_payload" end
           as "raw_payload"
    from "bounces" where "id" > ? order by "id" limit ?`;

interface StoredRow {
  readonly id: string | number;
  readonly bounce_type: string;
  readonly bounce_subtype: string | null;
  readonly diagnostic_code: string | null;
  readonly source: string;
  readonly raw_payload: unknown;
}

/**
 * Bounces keep why they bounced (docs/bounce-classification.md): `reason` and `category` from the
 * vocabulary, `status` (the enhanced status code, or null) and `remote_mta` (the receiving server,
 * when the report names it).
 *
 * The rows already stored are classified from what they kept (`causeOfStoredBounce`: the
 * provider's raw event, else the diagnostic and subtype), keyset by id, `BOUNCE_CAUSE_BATCH_SIZE`
 * rows a round; then `reason` and `category` are required, `undetermined` when a row is written
 * without them (a bulk load: the application always writes its cause). A row whose type or source
 * is outside the vocabulary (none can be: both are checked) is `undetermined` too.
 */
export class Migration20261203130000_BounceCauses extends Migration {
  override async up(): Promise<void> {
    await this.execute(`
      alter table "bounces"
        add column "reason" varchar(32) null check ("reason" in ${REASONS}),
        add column "category" varchar(16) null check ("category" in ${CATEGORIES}),
        add column "status" varchar(16) null,
        add column "remote_mta" varchar(255) null;`);

    for (let after: string | number = 0; ;) {
      const rows = (await this.execute(BATCH, [after, BOUNCE_CAUSE_BATCH_SIZE])) as StoredRow[];
      if (rows.length === 0) break;
      const causes = rows.map((row) => {
        const known = (BOUNCE_TYPES as readonly string[]).includes(row.bounce_type) && (BOUNCE_SOURCES as readonly string[]).includes(row.source);
        const cause = known
          ? causeOfStoredBounce({
              bounceType: row.bounce_type as (typeof BOUNCE_TYPES)[number],
              bounceSubtype: row.bounce_subtype,
              diagnosticCode: row.diagnostic_code,
              source: row.source as (typeof BOUNCE_SOURCES)[number],
              rawPayload: row.raw_payload,
            })
          : { reason: 'undetermined', category: 'undetermined', status: null, remoteMta: null };
        return { id: row.id, reason: cause.reason, category: cause.category, status: cause.status, remote_mta: cause.remoteMta };
      });
      await this.execute(
        `update "bounces" b set "reason" = r."reason", "category" = r."category", "status" = r."status", "remote_mta" = r."remote_mta"
           from jsonb_to_recordset(?::jsonb) as r("id" bigint, "reason" text, "category" text, "status" text, "remote_mta" text)
          where b."id" = r."id"`,
        [JSON.stringify(causes)],
      );
      after = rows[rows.length - 1].id;
      if (rows.length < BOUNCE_CAUSE_BATCH_SIZE) break;
    }

    await this.execute(`
      alter table "bounces"
        alter column "reason" set default 'undetermined', alter column "reason" set not null,
        alter column "category" set default 'undetermined', alter column "category" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "bounces" drop column "reason", drop column "category", drop column "status", drop column "remote_mta";`);
  }
}
