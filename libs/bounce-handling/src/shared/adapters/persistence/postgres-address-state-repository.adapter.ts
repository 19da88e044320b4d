import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AddressStateRepository } from '../../application/ports/address-state.repository.port';
import { type LockedAddress, NEW_ADDRESS_STATE } from '../../domain/address-state';
import { ADDRESS_STATUSES, isSuppressed, SUPPRESSION_REASONS, type SuppressedStatus } from '../../domain/address-status';
import { daysAfter } from '../../domain/days';
import type { EmailAddress } from '../../domain/email-address';
import { pgQuery, pgSelect } from './pg-query';
import { col, pgRow } from './pg-row';
import { pgJson } from './pg-text';

/** A row of `lock_address_states`: the state on a subscriber (`subscriber_id` set), or on the address alone. */
const lockedRow = pgRow({
  email: col.text,
  subscriber_id: col.nullable(col.integer),
  status: col.oneOf(ADDRESS_STATUSES),
  consecutive_soft_bounces: col.integer,
  soft_bounce_times: col.timestamps,
  suppressed_by: col.nullable(col.oneOf(SUPPRESSION_REASONS)),
  last_bounce_at: col.nullable(col.timestamp),
  status_changed_at: col.nullable(col.timestamp),
});

/** A suppressed address, as the sendability check reads it. */
const suppressedRow = pgRow({
  email: col.text,
  status: col.oneOf(ADDRESS_STATUSES.filter(isSuppressed)),
});

/**
 * The state of an address lives on `subscribers` when the address has a subscriber, on
 * `address_states` otherwise; this is the one place that reads and writes it there.
 */
@Injectable()
export class PostgresAddressStateRepository extends AddressStateRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async lockAll(emails: readonly string[]): Promise<Map<string, LockedAddress>> {
    const locked = new Map<string, LockedAddress>(emails.map((email) => [email, { email, subscriberId: null, state: NEW_ADDRESS_STATE }]));
    if (emails.length === 0) return locked;
    // Locks, then reads with a snapshot taken after the locks were granted, in one round trip:
    // the lock key of an address is `hashtextextended(email, 0)`, the keys taken in ascending
    // order (see the lock-address-states migrations).
    const rows = await pgSelect(
      this.em,
      `select "email", "subscriber_id", "status", "consecutive_soft_bounces", "soft_bounce_times", "suppressed_by", "last_bounce_at", "status_changed_at"
         from lock_address_states(?::text[])`,
      [emails],
      lockedRow,
    );
    for (const row of rows) {
      const known = locked.get(row.email);
      if (known && known.subscriberId !== null) continue; // the subscriber's state wins
      locked.set(row.email, {
        email: row.email,
        subscriberId: row.subscriber_id,
        state: {
          status: row.status,
          consecutiveSoftBounces: row.consecutive_soft_bounces,
          softBounceTimes: row.soft_bounce_times,
          suppressedBy: row.suppressed_by,
          lastBounceAt: row.last_bounce_at,
          statusChangedAt: row.status_changed_at,
        },
      });
    }
    return locked;
  }

  async saveAll(addresses: readonly LockedAddress[], at: Date): Promise<void> {
    const row = ({ email, subscriberId, state }: LockedAddress) => ({
      id: subscriberId,
      email,
      status: state.status,
      soft: state.consecutiveSoftBounces,
      soft_times: state.softBounceTimes,
      suppressed_by: state.suppressedBy,
      bounced_at: state.lastBounceAt,
      changed_at: state.statusChangedAt,
      at,
    });
    const onSubscribers = addresses.filter((address) => address.subscriberId !== null).map(row);
    const alone = addresses.filter((address) => address.subscriberId === null).map(row);
    if (onSubscribers.length > 0) {
      await pgQuery(
        this.em,
        `update "subscribers" as s set "status" = r."status", "consecutive_soft_bounces" = r."soft", "soft_bounce_times" = r."soft_times",
           "suppressed_by" = r."suppressed_by", "last_bounce_at" = r."bounced_at", "status_changed_at" = r."changed_at", "updated_at" = r."at"
         from jsonb_to_recordset(?::jsonb) as r("id" bigint, "status" text, "soft" int, "soft_times" timestamptz[], "suppressed_by" text,
           "bounced_at" timestamptz, "changed_at" timestamptz, "at" timestamptz)
         where s."id" = r."id"`,
        [pgJson(onSubscribers)],
      );
    }
    if (alone.length > 0) {
      await pgQuery(
        this.em,
        `insert into "address_states" ("email", "status", "consecutive_soft_bounces", "soft_bounce_times", "suppressed_by", "last_bounce_at", "status_changed_at",
           "created_at", "updated_at")
         select r."email", r."status", r."soft", r."soft_times", r."suppressed_by", r."bounced_at", r."changed_at", r."at", r."at"
           from jsonb_to_recordset(?::jsonb) as r("email" text, "status" text, "soft" int, "soft_times" timestamptz[], "suppressed_by" text,
             "bounced_at" timestamptz, "changed_at" timestamptz, "at" timestamptz)
         on conflict ("email") do update set
           "status" = excluded."status",
           "consecutive_soft_bounces" = excluded."consecutive_soft_bounces",
           "soft_bounce_times" = excluded."soft_bounce_times",
           "suppressed_by" = excluded."suppressed_by",
           "last_bounce_at" = excluded."last_bounce_at",
           "status_changed_at" = excluded."status_changed_at",
           "updated_at" = excluded."updated_at"`,
        [pgJson(alone)],
      );
    }
  }

  async suppressedStatusesOf(
    emails: readonly EmailAddress[],
    at: Date,
    softSuppressionExpiryDays: number | null,
  ): Promise<ReadonlyMap<string, SuppressedStatus>> {
    const statuses = new Map<string, SuppressedStatus>();
    if (emails.length === 0) return statuses;
    const { sql, params } = suppressedStatusesStatement(
      emails.map((email) => email.value),
      at,
      softSuppressionExpiryDays,
    );
    const rows = await pgSelect(this.em, sql, params, suppressedRow);
    for (const row of rows) statuses.set(row.email, row.status);
    return statuses;
  }
}

/**
 * The statement of `suppressedStatusesOf`: which of these normalised addresses may not be mailed
 * at `at`. One array parameter however many addresses; `= any` keeps to the sendability indexes
 * (`Migration20261204210000_SendabilityIndexes`: one index-only look-up per address). Only the
 * suppressed few come back: most addresses checked are active subscribers. A suppression by
 * the soft threshold made at or before $2 has lapsed (`addressStateAt`): it is left out, and the
 * row stays as it is until the address's next change.
 */
export function suppressedStatusesStatement(
  emails: readonly string[],
  at: Date,
  softSuppressionExpiryDays: number | null,
): { readonly sql: string; readonly params: readonly unknown[] } {
  const lapsedIfSuppressedBy = softSuppressionExpiryDays === null ? null : daysAfter(at, -softSuppressionExpiryDays);
  const lapsed = `coalesce("status" = 'bounced' and "suppressed_by" = 'soft-bounce-threshold' and "status_changed_at" <= $2::timestamptz, false)`;
  return {
    sql: `select "email", "status" from "subscribers" where "email" = any($1::text[]) and "status" <> 'active' and not ${lapsed}
       union all
       select "email", "status" from "address_states" where "email" = any($1::text[]) and "status" <> 'active' and not ${lapsed}`,
    params: [emails, lapsedIfSuppressedBy],
  };
}
