import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDatabase } from '../../src/database/embedded-postgres';

export const SUBSCRIBERS = 100_000;
export const BOUNCES = 1_000_000;
export const CAMPAIGNS = 50;
/** Addresses with a history but no subscriber (`address_states`). */
export const STRANGERS = 5_000;
/** The subscribers' mail domains (`mail<k>.example`), a few large and a long tail: see `subscriberDomainIndex`. */
export const DOMAINS = 2_000;

export interface BenchDatabase {
  readonly url: string;
  readonly description: string;
  /** The server's main process when it runs on this machine (embedded), for its CPU time. */
  postmasterPid(): number | null;
  drop(): Promise<void>;
}

/**
 * A fresh database: a new one on the server of BENCH_DATABASE_URL or DATABASE_URL when set
 * (dropped at the end), else an embedded PostgreSQL in a temporary directory (removed at the end).
 */
export async function openDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (server) {
    const name = `mailpass_bench_${Date.now()}`;
    const admin = new Client({ connectionString: server });
    await admin.connect();
    try {
      await admin.query(`create database "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(server);
    url.pathname = `/${name}`;
    log(`Created database ${name} on ${url.host}`);
    // A server of this machine whose CPU time is to be counted names its postmaster's pid.
    const postmaster = Number(process.env.BENCH_POSTMASTER_PID) || null;
    return {
      url: url.toString(),
      description: `database ${name} on ${url.host}`,
      postmasterPid: () => postmaster,
      drop: async () => {
        if (process.env.BENCH_KEEP_DATABASE) return;
        const client = new Client({ connectionString: server });
        await client.connect();
        try {
          await client.query(`drop database if exists "${name}" with (force)`);
        } finally {
          await client.end();
        }
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-bench-'));
  const embedded = await startEmbeddedDatabase({ dataDir, log });
  return {
    url: embedded.url,
    description: `embedded PostgreSQL in ${dataDir}`,
    postmasterPid: () => {
      try {
        return Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    },
    drop: async () => {
      await embedded.stop();
      if (!process.env.BENCH_KEEP_DATABASE) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  // A connection lost (a database dropped at the end of a failed run) fails the statement using it, not the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Waits (at most `maxMs`) until no other statement runs in the database: a run's leftovers must not weigh on the next. */
export async function waitUntilIdle(url: string, maxMs = 60_000): Promise<number> {
  const started = Date.now();
  return withClient(url, async (client) => {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as "n" from "pg_stat_activity"
         where "datname" = current_database() and "pid" <> pg_backend_pid() and "state" not in ('idle')`,
      );
      if (rows[0].n === 0 || Date.now() - started > maxMs) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
}

/** `h` runs over 0..DOMAIN_SPREAD-1 as n does; its cube spreads the domains. */
const DOMAIN_SPREAD = 10_007;

/**
 * The domain of address `n`, 0..DOMAINS-1: `floor(DOMAINS × (h / 10007)³)` with
 * `h = n × 7919 mod 10007`, in integers (exact in JavaScript and in SQL alike). Mail domains are
 * few large and many small: `mail0.example` holds ≈ 7.9 % of the addresses, the ten largest
 * ≈ 17 %, and the last few hundred a handful each.
 */
export function subscriberDomainIndex(n: number): number {
  const h = (n * 7919) % DOMAIN_SPREAD;
  return Math.floor((h * h * h * DOMAINS) / DOMAIN_SPREAD ** 3);
}

/** The same as `subscriberDomainIndex`, as SQL over the bigint expression `n`. */
export function subscriberDomainSql(n: string): string {
  const h = `(((${n})::bigint * 7919) % ${DOMAIN_SPREAD})`;
  return `'mail' || (${h} * ${h} * ${h} * ${DOMAINS} / ${DOMAIN_SPREAD ** 3}::bigint) || '.example'`;
}

export function subscriberDomain(n: number): string {
  return `mail${subscriberDomainIndex(n)}.example`;
}

/** `user<n>@mail<k>.example`, n in 1..SUBSCRIBERS, k its domain (`subscriberDomain`). */
export function subscriberEmail(n: number): string {
  return `user${n}@${subscriberDomain(n)}`;
}

/** `subscriberEmail` as SQL over the bigint expression `n`. */
export function subscriberEmailSql(n: string): string {
  return `'user' || (${n}) || '@' || ${subscriberDomainSql(n)}`;
}

/** How much the seed stores, and how fast: the defaults are the bench's usual database. */
export interface SeedSize {
  /** Bounces in all, one every `secondsApart` seconds up to now, newest last. */
  readonly bounces: number;
  readonly secondsApart: number;
  /** Connections loading at once (chunks of bounces, index builds, vacuums): more than 1 on a large fill only. */
  readonly workers: number;
  /** Bounces per insert statement. */
  readonly chunk: number;
  readonly log?: (message: string) => void;
}

export const DEFAULT_SEED: SeedSize = { bounces: BOUNCES, secondsApart: 31.5, workers: 1, chunk: BOUNCES };

/** Runs `work` on each item, `workers` at a time, each worker on a connection of its own. */
async function inParallel<T>(url: string, workers: number, items: readonly T[], work: (client: Client, item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, () =>
      withClient(url, async (client) => {
        await client.query(`set maintenance_work_mem = '${workers > 1 ? '512MB' : '256MB'}'`);
        // Several connections build at once: no parallel workers of their own on top.
        if (workers > 1) await client.query('set max_parallel_maintenance_workers = 0');
        while (next < items.length) await work(client, items[next++]);
      }),
    ),
  );
}

/**
 * Set-based seed of a migrated database: campaigns, 100,000 subscribers (5 % bounced, about
 * 1 % unsubscribed, some counting soft bounces), 5,000 addresses without a subscriber, and
 * 1,000,000 bounces (`size.bounces`) spread over the last year (one every `size.secondsApart`), newest last,
 * across sources and campaigns (2 % to addresses without a subscriber), then the API key,
 * VACUUM ANALYZE and a checkpoint. The bounces go through `bounces`, whose triggers keep the
 * list's counters; the statistics are backfilled afterwards (`backfillStatistics`).
 */
export async function seed(url: string, apiKeyHash: string, size: SeedSize = DEFAULT_SEED): Promise<void> {
  const log = size.log ?? (() => undefined);
  const secondsApart = size.secondsApart;
  await withClient(url, async (client) => {
    await client.query(`set maintenance_work_mem = '256MB'`);
    await client.query(`
      insert into "campaigns" ("id", "name")
      select 'campaign-' || i, 'Campaign ' || i from generate_series(0, ${CAMPAIGNS - 1}) i`);
    await client.query(`
      insert into "subscribers" ("email", "name", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at", "updated_at")
      select ${subscriberEmailSql('i')}, 'User ' || i,
        case when i % 20 = 0 then 'bounced' when i % 97 = 0 then 'unsubscribed' else 'active' end,
        case when i % 20 <> 0 and i % 97 <> 0 and i % 7 = 0 then 1 else 0 end,
        case when i % 20 = 0 or i % 7 = 0 then now() - interval '30 days' end,
        case when i % 20 = 0 or i % 97 = 0 then now() - interval '30 days' end,
        now() - interval '400 days', now() - interval '30 days'
      from generate_series(1, ${SUBSCRIBERS}) i`);
    const { rows } = await client.query<{ min: string; max: string }>('select min("id") as "min", max("id") as "max" from "subscribers"');
    if (Number(rows[0].min) !== 1 || Number(rows[0].max) !== SUBSCRIBERS)
      throw new Error(`Subscriber ids are not 1..${SUBSCRIBERS}: the database was not fresh`);
    await client.query(`
      insert into "address_states" ("email", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at")
      select 'stranger' || i || '@bench.example', 'bounced', 0, now() - interval '60 days', now() - interval '60 days'
      from generate_series(0, ${STRANGERS - 1}) i`);
  });
  // Every bounce is dated from this one instant, whichever statement inserts it.
  const anchor = await withClient(url, async (client) => (await client.query<{ now: string }>(`select now()::text as "now"`)).rows[0].now);
  const oldest = `('${anchor}'::timestamptz - make_interval(secs => ${size.bounces} * ${secondsApart}))`;
  const indexes = await withClient(url, async (client) => {
    // Bounces are partitioned by month: each month of the span seeded gets its partition (the
    // migration made those from the current month on), as the service's maintenance keeps them.
    await client.query(`
      do $$
      declare
        "month" timestamptz := date_trunc('month', ${oldest}, 'UTC');
      begin
        while "month" < date_trunc('month', now(), 'UTC') loop
          if to_regclass('bounces_' || to_char("month" at time zone 'UTC', 'YYYY_MM')) is null then
            execute format('create table %I partition of "bounces" for values from (%L) to (%L)',
              'bounces_' || to_char("month" at time zone 'UTC', 'YYYY_MM'), "month", "month" + interval '1 month');
          end if;
          "month" := "month" + interval '1 month';
        end loop;
      end $$;`);
    // The bounces' secondary indexes are built once after the load rather than row by row
    // (several times faster); they are re-created from their own definitions, on every
    // partition (a partitioned table's definition reads `on only`, which would build none).
    const { rows: found } = await client.query<{ indexname: string; indexdef: string }>(
      `select "indexname", replace("indexdef", ' ON ONLY ', ' ON ') as "indexdef" from "pg_indexes" where "tablename" = 'bounces' and "indexname" <> 'bounces_pkey'`,
    );
    for (const index of found) await client.query(`drop index "${index.indexname}"`);
    // The dedupe keys' primary key too, re-added by the same definition after the load.
    await client.query(`alter table "bounce_dedupe_keys" drop constraint "bounce_dedupe_keys_pkey"`);
    return found;
  });
  // Bounce i goes to subscriber 1 + (i * 7919) mod 100000 (a permutation: every subscriber
  // has ten), or every 50th to a stranger; one every ~31 s over the last year (a 1,000,000 seed).
  const chunks: [number, number][] = [];
  for (let from = 1; from <= size.bounces; from += size.chunk) chunks.push([from, Math.min(size.bounces, from + size.chunk - 1)]);
  let inserted = 0;
  const loadStart = Date.now();
  await inParallel(url, size.workers, chunks, async (client, [from, to]) => {
    await client.query(`
      insert into "bounces" ("email", "bounce_type", "bounce_subtype", "diagnostic_code", "source", "subscriber_id",
        "campaign_id", "provider_message_id", "provider_event_id", "raw_payload", "created_at")
      select
        case when i % 50 = 0 then 'stranger' || (i / 50) % ${STRANGERS} || '@bench.example' else ${subscriberEmailSql('s')} end,
        (array['hard', 'soft', 'soft', 'hard', 'complaint'])[1 + i % 5],
        (array['General', 'MailboxFull', 'blocked', 'NoEmail', 'abuse'])[1 + i % 5],
        case when i % 5 in (0, 3) then '550 5.1.1 The email account that you tried to reach does not exist' end,
        src,
        case when i % 50 = 0 then null else s end,
        'campaign-' || i % ${CAMPAIGNS},
        case when src = 'api' then null else 'msg-' || i end,
        case when src = 'api' then null else 'seed-' || i end,
        case when src = 'api' then null else jsonb_build_object('event', 'bounce', 'email', ${subscriberEmailSql('s')}, 'sg_event_id', 'seed-' || i) end,
        '${anchor}'::timestamptz - make_interval(secs => (${size.bounces} - i) * ${secondsApart})
      from generate_series(${from}, ${to}) i,
        lateral (select 1 + (i::bigint * 7919) % ${SUBSCRIBERS} as s, (array['api', 'sendgrid', 'ses', 'mailgun'])[1 + i % 4] as src) x`);
    inserted += to - from + 1;
    if (chunks.length > 1) log(`  ${inserted.toLocaleString('en')} bounces inserted (${((Date.now() - loadStart) / 1000).toFixed(0)} s)`);
  });
  // One at a time: each builds every partition's index in turn, with PostgreSQL's parallel workers.
  await inParallel(url, 1, indexes, async (client, index) => {
    const start = Date.now();
    if (size.workers > 1) await client.query(`set maintenance_work_mem = '1GB'`);
    await client.query(index.indexdef);
    if (chunks.length > 1) log(`  ${index.indexname} built in ${((Date.now() - start) / 1000).toFixed(0)} s`);
  });
  // The dedupe keys of the seeded reports, as the service's write path claims them (one
  // statement per partition), then their primary key.
  const partitions = await withClient(url, async (client) =>
    (
      await client.query<{ name: string }>(
        `select c."relname" as "name" from "pg_inherits" i join "pg_class" c on c."oid" = i."inhrelid" where i."inhparent" = 'bounces'::regclass order by 1`,
      )
    ).rows.map((row) => row.name),
  );
  await inParallel(url, size.workers, partitions, async (client, partition) => {
    await client.query(`
      insert into "bounce_dedupe_keys" ("source", "provider_event_id", "bounce_id", "created_at")
      select "source", "provider_event_id", "id", "created_at" from "${partition}" where "provider_event_id" is not null`);
  });
  await withClient(url, async (client) => {
    await client.query(`set maintenance_work_mem = '${size.workers > 1 ? '1GB' : '256MB'}'`);
    await client.query(`alter table "bounce_dedupe_keys" add constraint "bounce_dedupe_keys_pkey" primary key ("source", "provider_event_id")`);
    await client.query(`insert into "api_keys" ("name", "key_hash", "permissions") values ('bench', $1, '{subscribers}') on conflict ("key_hash") do nothing`, [
      apiKeyHash,
    ]);
  });
  if (chunks.length > 1) log(`  dedupe keys written (${((Date.now() - loadStart) / 1000).toFixed(0)} s)`);
  // The partitions are vacuumed a few at a time, then the rest (and `bounces`' own statistics).
  if (size.workers > 1)
    await inParallel(url, size.workers, partitions, (client, partition) => client.query(`vacuum (analyze) "${partition}"`).then(() => undefined));
  await withClient(url, async (client) => {
    await client.query('vacuum (analyze)');
    await client.query('checkpoint');
  });
  if (chunks.length > 1) log(`  vacuumed (${((Date.now() - loadStart) / 1000).toFixed(0)} s)`);
}

export async function serverFacts(url: string): Promise<{ version: string; settings: Record<string, string> }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ version: string }>('select version()');
    const settings: Record<string, string> = {};
    for (const name of ['shared_buffers', 'max_connections', 'max_parallel_workers_per_gather', 'synchronous_commit', 'work_mem']) {
      settings[name] = (await client.query<Record<string, string>>(`show ${name}`)).rows[0][name];
    }
    return { version: rows[0].version, settings };
  });
}
