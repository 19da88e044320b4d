import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgQuery, pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import { pgJson } from '../../../shared/adapters/persistence/pg-text';
import type { KeysetPage, KeysetPageRequest, KeysetPosition } from '../../../shared/application/page';
import { Clock } from '../../../shared/application/ports/clock.port';
import { SoftSuppressionExpiry } from '../../../shared/application/soft-suppression-expiry';
import { ADDRESS_STATUSES, isSuppressed, SUPPRESSION_REASONS } from '../../../shared/domain/address-status';
import { daysAfter } from '../../../shared/domain/days';
import { type SuppressionNote, SuppressionRepository } from '../../application/ports/suppression.repository.port';
import { type Suppression, type SuppressionFilter, SUPPRESSION_ORIGINS } from '../../domain/suppression';

const suppressionRow = pgRow({
  email: col.text,
  subscriber_id: col.nullable(col.integer),
  status: col.oneOf(ADDRESS_STATUSES.filter(isSuppressed)),
  suppressed_by: col.nullable(col.oneOf(SUPPRESSION_REASONS)),
  suppression_origin: col.nullable(col.oneOf(SUPPRESSION_ORIGINS)),
  suppression_note: col.nullable(col.text),
  status_changed_at: col.nullable(col.timestamp),
  sort_at: col.text,
});

const countRow = pgRow({ total: col.integer });

/**
 * The list's sort key, as the partial indexes of the SuppressionOrigin migration have it: the
 * time of the suppression (the epoch when not known), then the address, both descending.
 */
const SORT_AT = `coalesce("status_changed_at", timestamptz 'epoch')`;

/** The sort time in full (microseconds, UTC) for the cursor: a JavaScript date would cut it to milliseconds. */
const SORT_AT_TEXT = `to_char(${SORT_AT} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The suppression list over both tables that hold an address's state: `subscribers`, and
 * `address_states` for the addresses with no subscriber (an address is in one of the two: its row
 * there is removed when a subscriber takes it over). Each branch keeps to its table's partial
 * indexes; the two are merged in the list's order.
 */
@Injectable()
export class PostgresSuppressionRepository extends SuppressionRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly expiry: SoftSuppressionExpiry,
  ) {
    super();
  }

  async list(filter: SuppressionFilter, page: KeysetPageRequest): Promise<KeysetPage<Suppression>> {
    const [window, total] = await Promise.all([this.window(filter, page), this.count(filter)]);
    return { items: window.items, total, limit: page.limit, offset: page.offset ?? 0, next: window.next };
  }

  async *streamAll(filter: SuppressionFilter, batchSize: number): AsyncIterable<Suppression> {
    let window = await this.window(filter, { limit: batchSize, offset: 0 });
    for (;;) {
      yield* window.items;
      if (window.next === null) return;
      window = await this.window(filter, { limit: batchSize, after: window.next });
    }
  }

  async saveNotes(notes: readonly SuppressionNote[]): Promise<void> {
    const onSubscribers = notes.filter((note) => note.subscriberId !== null).map((note) => ({ id: note.subscriberId, note: note.note }));
    const alone = notes.filter((note) => note.subscriberId === null).map((note) => ({ email: note.email, note: note.note }));
    if (onSubscribers.length > 0) {
      await pgQuery(
        this.em,
        `update "subscribers" as s set "suppression_note" = r."note" from jsonb_to_recordset(?::jsonb) as r("id" bigint, "note" text) where s."id" = r."id"`,
        [pgJson(onSubscribers)],
      );
    }
    if (alone.length > 0) {
      await pgQuery(
        this.em,
        `update "address_states" as a set "suppression_note" = r."note" from jsonb_to_recordset(?::jsonb) as r("email" text, "note" text) where a."email" = r."email"`,
        [pgJson(alone)],
      );
    }
  }

  private async window(filter: SuppressionFilter, page: KeysetPageRequest): Promise<{ items: Suppression[]; next: KeysetPosition | null }> {
    const sql = new Parameters();
    const where = this.where(filter, sql);
    const after = page.after === undefined ? '' : `and (${SORT_AT}, "email") < (${sql.add(page.after[0])}::timestamptz, ${sql.add(page.after[1])}::text)`;
    // A note belongs to the suppression it was given with, an added one: a later change by the
    // policy or a re-activation elsewhere leaves the column as it was, and hides it.
    const note = `case when "suppressed_by" in ('manual', 'import') then "suppression_note" end as "suppression_note"`;
    const columns = `"email", "status", "suppressed_by", "suppression_origin", ${note}, "status_changed_at", ${SORT_AT} as "sort_at", ${SORT_AT_TEXT} as "sort_at_text"`;
    const limit = sql.add(page.limit + 1);
    const offset = page.after === undefined ? `offset ${sql.add(page.offset)}::bigint` : '';
    // Each branch ordered and limited on its own index, then merged: a page reads at most
    // `offset + limit + 1` entries of each table, whatever the list's length.
    const branchLimit = `limit ${sql.add(page.limit + 1 + (page.offset ?? 0))}::bigint`;
    const rows = await pgSelect(
      this.em,
      `select "email", "subscriber_id", "status", "suppressed_by", "suppression_origin", "suppression_note", "status_changed_at", "sort_at_text" as "sort_at" from (
         (select "id" as "subscriber_id", ${columns} from "subscribers" where ${where} ${after}
           order by ${SORT_AT} desc, "email" desc ${branchLimit})
         union all
         (select null::bigint as "subscriber_id", ${columns} from "address_states" where ${where} ${after}
           order by ${SORT_AT} desc, "email" desc ${branchLimit})
       ) as "suppressed"
       order by "suppressed"."sort_at" desc, "suppressed"."email" desc limit ${limit}::bigint ${offset}`,
      sql.values,
      suppressionRow,
    );
    const items = rows.slice(0, page.limit).map(toSuppression);
    const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
    return { items, next: last === undefined ? null : [last.sort_at, last.email] };
  }

  private async count(filter: SuppressionFilter): Promise<number> {
    const sql = new Parameters();
    const where = this.where(filter, sql);
    const [row] = await pgSelect(
      this.em,
      `select (select count(*) from "subscribers" where ${where})
            + (select count(*) from "address_states" where ${where}) as "total"`,
      sql.values,
      countRow,
    );
    return row.total;
  }

  /** The conditions of the filter, for either table; a suppression by the soft threshold that has lapsed is left out (`addressStateAt`). */
  private where(filter: SuppressionFilter, sql: Parameters): string {
    const conditions = [`"status" <> 'active'`];
    // Only when suppressions lapse: without it, a count reads the partial index alone.
    if (this.expiry.days !== null) {
      const lapsedIfSuppressedBy = daysAfter(this.clock.now(), -this.expiry.days);
      conditions.push(
        `not coalesce("status" = 'bounced' and "suppressed_by" = 'soft-bounce-threshold' and "status_changed_at" <= ${sql.add(lapsedIfSuppressedBy)}::timestamptz, false)`,
      );
    }
    if (filter.emails !== undefined) conditions.push(`"email" = any(${sql.add(filter.emails)}::text[])`);
    if (filter.domains !== undefined) conditions.push(`split_part("email", '@', -1) = any(${sql.add(filter.domains)}::text[])`);
    if (filter.statuses !== undefined) conditions.push(`"status" = any(${sql.add(filter.statuses)}::text[])`);
    if (filter.reasons !== undefined) conditions.push(`"suppressed_by" = any(${sql.add(filter.reasons)}::text[])`);
    if (filter.origins !== undefined) conditions.push(`"suppression_origin" = any(${sql.add(filter.origins)}::text[])`);
    if (filter.from !== undefined) conditions.push(`${SORT_AT} >= ${sql.add(filter.from)}::timestamptz`);
    if (filter.to !== undefined) conditions.push(`${SORT_AT} < ${sql.add(filter.to)}::timestamptz`);
    return conditions.join(' and ');
  }
}

/** Numbered parameters (`$n`), each given once however often the SQL names it. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function toSuppression(row: ReturnType<typeof suppressionRow>): Suppression {
  return {
    email: row.email,
    status: row.status,
    origin: row.suppression_origin,
    reason: row.suppressed_by,
    note: row.suppression_note,
    subscriberId: row.subscriber_id,
    suppressedAt: row.status_changed_at,
  };
}
