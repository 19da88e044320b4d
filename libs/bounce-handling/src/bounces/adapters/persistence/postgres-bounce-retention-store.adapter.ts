import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { connectionOptions } from '../../../shared/adapters/persistence/postgres-connection-pool';
import {
  type BounceRetentionSession,
  BounceRetentionStore,
  type BouncesDropped,
  type MonthsPrepared,
} from '../../application/ports/bounce-retention-store.port';

/** The advisory lock that one instance at a time holds while it maintains the bounces. */
const RETENTION_LOCK = `hashtextextended('mailpass:bounce-retention', 0)`;

/**
 * How long making or detaching a partition waits for its lock on `bounces` before the run gives
 * up until the next day: every insert queues behind a lock that is waiting, so the wait is short.
 */
const LOCK_TIMEOUT = '5s';

/** Raw reports cleared per statement: each batch is a short transaction of its own. */
export const RAW_REPORT_BATCH = 1_000;

/** A month partition's name, `bounces_2027_02` for February 2027: the only partitions the maintenance makes or drops. */
const MONTH_PARTITION = /^bounces_(\d{4})_(\d{2})$/;

export function monthPartitionName(month: Date): string {
  return `bounces_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthOf(name: string): { start: Date; end: Date } | null {
  const match = MONTH_PARTITION.exec(name);
  if (match === null) return null;
  const [year, month] = [Number(match[1]), Number(match[2]) - 1];
  return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
}

/**
 * The maintenance of bounces on PostgreSQL, on a connection of its own (not the pool's): it holds
 * a session lock, and its statements over a whole month of bounces may take longer than the
 * service's statement timeout allows a request. Partitions' names and bounds are written into the
 * DDL (which takes no parameters), from dates and names of the form `bounces_YYYY_MM` only.
 */
@Injectable()
export class PostgresBounceRetentionStore extends BounceRetentionStore {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async alone(work: (session: BounceRetentionSession) => Promise<void>): Promise<boolean> {
    const { statement_timeout: _statementTimeout, query_timeout: _queryTimeout, ...options } = connectionOptions(this.em);
    const client = new Client(options);
    client.on('error', () => undefined); // a connection lost fails the statement that was using it
    await client.connect();
    try {
      const { rows } = await client.query<{ taken: boolean }>(`select pg_try_advisory_lock(${RETENTION_LOCK}) as "taken"`);
      if (!rows[0].taken) return false;
      await work(new PostgresBounceRetentionSession(client));
      return true;
    } finally {
      // Ending the session releases its lock.
      await client.end().catch(() => undefined);
    }
  }
}

class PostgresBounceRetentionSession implements BounceRetentionSession {
  constructor(private readonly client: Client) {}

  async prepareMonths(months: readonly Date[]): Promise<MonthsPrepared> {
    const created: string[] = [];
    let movedFromDefault = 0;
    for (const month of months) {
      const name = monthPartitionName(month);
      const bounds = monthOf(name);
      if (bounds === null || (await this.exists(name))) continue;
      // A partition cannot be made while the default partition holds rows of its month: they
      // are moved into it, in the same transaction, ids and all. Statement triggers of
      // `bounces` fire for statements on `bounces` only: the counters and dedupe keys stay.
      movedFromDefault += await this.transaction(async () => {
        await this.client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
        await this.client.query(`create temporary table "bounces_moving" (like "bounces") on commit drop`);
        const moved = await this.client.query(
          `with "moved" as (delete from "bounces_default" where "created_at" >= $1 and "created_at" < $2 returning *)
           insert into "bounces_moving" select * from "moved"`,
          [bounds.start.toISOString(), bounds.end.toISOString()],
        );
        await this.client.query(
          `create table "${name}" partition of "bounces" for values from ('${bounds.start.toISOString()}') to ('${bounds.end.toISOString()}')`,
        );
        await this.client.query(`insert into "${name}" select * from "bounces_moving"`);
        return moved.rowCount ?? 0;
      });
      created.push(name);
    }
    return { created, movedFromDefault };
  }

  async dropBefore(cutoff: Date): Promise<BouncesDropped> {
    const months: string[] = [];
    let bounces = 0;
    // A month detached by a run that stopped before dropping it is finished first.
    for (const name of await this.detachedMonths()) {
      await this.forget(name);
      months.push(name);
    }
    for (const name of await this.monthPartitions()) {
      const bounds = monthOf(name);
      if (bounds === null || bounds.end.getTime() > cutoff.getTime()) continue;
      bounces += await this.transaction(async () => {
        await this.client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
        // No bounce comes in between the count and the detach: the month is locked against writes first.
        await this.client.query(`lock table "${name}" in share mode`);
        const { rows } = await this.client.query<{ n: string }>(`select count(*) as "n" from "${name}"`);
        // Counted before the detach, which stops inserts into `bounces` while it runs.
        const { rows: byDomain } = await this.client.query<{ domain: string; n: string }>(
          `select split_part("email", '@', -1) as "domain", count(*) as "n" from "${name}" group by 1`,
        );
        await this.client.query(`alter table "bounces" detach partition "${name}"`);
        // The list's totals are kept by triggers, which a detach does not fire.
        await this.client.query(`update "bounce_counters" set "count" = "count" - $1 where "slot" = pg_backend_pid() % 16`, [rows[0].n]);
        await this.client.query(`select "bounce_domain_counters_add"($1::jsonb)`, [
          JSON.stringify(byDomain.map((row) => ({ domain: row.domain, n: -Number(row.n) }))),
        ]);
        return Number(rows[0].n);
      });
      await this.forget(name);
      months.push(name);
    }
    // Bounces of the default partition are deleted one by one, through `bounces`: its triggers
    // keep the counters and forget the dedupe keys.
    bounces += await this.transaction(async () => {
      await this.client.query(
        `update "status_changes" s set "bounce_id" = null from "bounces_default" b where s."bounce_id" = b."id" and b."created_at" < $1`,
        [cutoff.toISOString()],
      );
      // Found in the default partition alone, deleted through `bounces` by their key.
      const deleted = await this.client.query(
        `delete from "bounces" b using (select "id", "created_at" from "bounces_default" where "created_at" < $1) d
          where b."id" = d."id" and b."created_at" = d."created_at"`,
        [cutoff.toISOString()],
      );
      return deleted.rowCount ?? 0;
    });
    return { months, bounces };
  }

  async clearRawReportsBefore(cutoff: Date): Promise<number> {
    // In the order of `created_at`, from where the last run stopped: the position is kept as text, to the microsecond.
    const { rows } = await this.client.query<{ from: string }>(
      `select coalesce("raw_reports_cleared_before", '-infinity')::text as "from" from "bounce_retention_state"`,
    );
    let after: [string, string] = [rows[0]?.from ?? '-infinity', '0'];
    let cleared = 0;
    for (;;) {
      const { rows: batch } = await this.client.query<{ n: number; last_at: string | null; last_id: string | null }>(
        `with "batch" as (
           select "id", "created_at" from "bounces"
            where "created_at" < $1 and ("created_at", "id") > ($2::timestamptz, $3::bigint) and "raw_payload" is not null
            order by "created_at", "id" limit ${RAW_REPORT_BATCH}),
         "cleared" as (
           update "bounces" b set "raw_payload" = null from "batch" where b."id" = "batch"."id" and b."created_at" = "batch"."created_at"
           returning b."id", b."created_at")
         select count(*)::int as "n", (array_agg("created_at"::text order by "created_at" desc, "id" desc))[1] as "last_at",
                (array_agg("id" order by "created_at" desc, "id" desc))[1] as "last_id"
           from "cleared"`,
        [cutoff.toISOString(), after[0], after[1]],
      );
      cleared += batch[0].n;
      if (batch[0].n < RAW_REPORT_BATCH || batch[0].last_at === null || batch[0].last_id === null) break;
      after = [batch[0].last_at, batch[0].last_id];
    }
    await this.client.query(`update "bounce_retention_state" set "raw_reports_cleared_before" = greatest("raw_reports_cleared_before", $1::timestamptz)`, [
      cutoff.toISOString(),
    ]);
    return cleared;
  }

  /** Sets the status changes of a detached month's bounces to name none, forgets their dedupe keys, and drops it. */
  private async forget(name: string): Promise<void> {
    await this.transaction(async () => {
      await this.client.query(`update "status_changes" s set "bounce_id" = null from "${name}" b where s."bounce_id" = b."id"`);
      await this.client.query(
        `delete from "bounce_dedupe_keys" k using "${name}" b
          where k."source" = b."source" and k."provider_event_id" = b."provider_event_id" and k."bounce_id" = b."id"`,
      );
      // A message whose latest soft bounce goes with the month (the months before it are gone already).
      await this.client.query(
        `delete from "soft_bounced_messages" k using "${name}" b
          where b."bounce_type" = 'soft' and k."email" = b."email" and k."provider_message_id" = b."provider_message_id" and k."last_bounce_at" <= b."created_at"`,
      );
      await this.client.query(`drop table "${name}"`);
    });
  }

  private async exists(name: string): Promise<boolean> {
    const { rows } = await this.client.query<{ found: boolean }>(`select to_regclass($1) is not null as "found"`, [`"${name}"`]);
    return rows[0].found;
  }

  /** The month partitions of `bounces`, oldest first. */
  private async monthPartitions(): Promise<string[]> {
    const { rows } = await this.client.query<{ name: string }>(
      `select c."relname" as "name" from "pg_inherits" i join "pg_class" c on c."oid" = i."inhrelid"
        where i."inhparent" = 'bounces'::regclass order by 1`,
    );
    return rows.map((row) => row.name).filter((name) => MONTH_PARTITION.test(name));
  }

  /** Tables named as months of bounces that are no partition of it: detached by a run that stopped before dropping them. */
  private async detachedMonths(): Promise<string[]> {
    const { rows } = await this.client.query<{ name: string }>(
      `select c."relname" as "name" from "pg_class" c
        where c."relnamespace" = (select "relnamespace" from "pg_class" where "oid" = 'bounces'::regclass)
          and c."relkind" = 'r' and not c."relispartition" and c."relname" ~ '^bounces_[0-9]{4}_[0-9]{2}$'
        order by 1`,
    );
    return rows.map((row) => row.name);
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.client.query('begin');
    try {
      const result = await work();
      await this.client.query('commit');
      return result;
    } catch (error) {
      await this.client.query('rollback').catch(() => undefined);
      throw error;
    }
  }
}
