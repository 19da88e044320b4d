/**
 * Retention at 50 million bounces (`BENCH_SCENARIOS=retention-50m`, not run by default): a second
 * database beside the bench's usual one, filled with 50,000,000 bounces over 24 months, and
 * measured side by side with the usual 1,000,000 in one run: single events, a signed SendGrid
 * batch, the list's first pages, a bounce by id, rule 5's look-up; then the retention
 * maintenance run with RETENTION_MONTHS so that the oldest months go, while events keep coming
 * in, and what it must leave exact checked afterwards. See docs/retention.md.
 */
import autocannon from 'autocannon';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as os from 'node:os';
import { type Client } from 'pg';
import { SOFT_BOUNCED_MESSAGES_STATEMENT } from '../../libs/bounce-handling/src/bounces/adapters/persistence/postgres-bounce-repository.adapter';
import { type BenchDatabase, openDatabase, seed, SUBSCRIBERS, subscriberDomain, subscriberEmail, waitUntilIdle, withClient } from './database';
import { explainList, type PlanSummary } from './desk';
import { cpuSecondsOf, type RunningServer, startServer } from './processes';
import { answersOf, fmt, type Measurement, median } from './report';
import { type BenchRequest, random, type RequestSource, requestsOf, type Scenario } from './scenarios';

export const RETENTION_GROUP = 'retention-50m';

/** 50,000,000 bounces over the last 730 days (24 months, ≈ 2.1 million a month), one every 1.26 s. */
export const RETENTION_BOUNCES = 50_000_000;
export const RETENTION_SECONDS_APART = (730 * 86_400) / RETENTION_BOUNCES;

export interface RetentionDatabase {
  readonly database: BenchDatabase | null;
  readonly url: string;
  readonly bounces: number;
  /** Seconds to fill it (null when an existing one was given). */
  readonly fillSeconds: number | null;
  readonly statisticsSeconds: number | null;
  readonly sizeGb: number;
}

/**
 * The large database: a fresh one, migrated by the service's first start and filled
 * (`BENCH_RETENTION_BOUNCES` bounces, 50,000,000 by default, two connections at a time), or the
 * one `BENCH_RETENTION_DATABASE_URL` names, filled by an earlier run kept with
 * BENCH_KEEP_DATABASE=1 (its API key is added).
 */
export async function prepareRetentionDatabase(
  serviceMain: string,
  serviceEnv: Record<string, string>,
  apiKey: string,
  log: (message: string) => void,
): Promise<RetentionDatabase> {
  const keyHash = createHash('sha256').update(apiKey).digest('hex');
  const existing = process.env.BENCH_RETENTION_DATABASE_URL?.trim();
  if (existing) {
    const bounces = await withClient(existing, async (client) => {
      await client.query(
        `insert into "api_keys" ("name", "key_hash", "permissions") values ('bench-' || now(), $1, '{subscribers}') on conflict ("key_hash") do nothing`,
        [keyHash],
      );
      return Number((await client.query<{ n: string }>(`select sum("count") as "n" from "bounce_counters"`)).rows[0].n);
    });
    log(`Reusing the filled database of BENCH_RETENTION_DATABASE_URL: ${bounces.toLocaleString('en')} bounces`);
    // A fill stopped after its bounces (or kept from before the statistics) is counted now.
    const counted = await withClient(existing, async (client) =>
      Number((await client.query<{ n: string }>('select count(*) as "n" from "delivery_statistics"')).rows[0].n),
    );
    const statistics = counted === 0 ? await backfillStatisticsByMonth(existing, 2, log) : null;
    if (statistics) log(`  statistics backfilled in ${statistics.seconds.toFixed(0)} s (${statistics.rows.toLocaleString('en')} rows)`);
    return { database: null, url: existing, bounces, fillSeconds: null, statisticsSeconds: statistics?.seconds ?? null, sizeGb: await sizeGb(existing) };
  }
  const bounces = Number(process.env.BENCH_RETENTION_BOUNCES) > 0 ? Number(process.env.BENCH_RETENTION_BOUNCES) : RETENTION_BOUNCES;
  const database = await openDatabase(log);
  log("Retention: migrating the large database (the service's first start on it)");
  const first = await startServer('service-large', serviceMain, { ...serviceEnv, DATABASE_URL: database.url });
  await first.stop();
  log(`Retention: filling it with ${bounces.toLocaleString('en')} bounces over 730 days and ${SUBSCRIBERS.toLocaleString('en')} subscribers`);
  const start = Date.now();
  await seed(database.url, keyHash, {
    bounces,
    secondsApart: (730 * 86_400) / bounces,
    workers: 2,
    chunk: Math.min(1_000_000, bounces),
    log,
  });
  const fillSeconds = (Date.now() - start) / 1000;
  log(`  filled in ${fillSeconds.toFixed(0)} s`);
  const statistics = await backfillStatisticsByMonth(database.url, 2, log);
  log(`  statistics backfilled in ${statistics.seconds.toFixed(0)} s (${statistics.rows.toLocaleString('en')} rows)`);
  return { database, url: database.url, bounces, fillSeconds, statisticsSeconds: statistics.seconds, sizeGb: await sizeGb(database.url) };
}

/** A dimension of `delivery_statistics` and the expression of its group over a bounce, as the service's backfill reads them. */
const STATISTICS_DIMENSIONS: readonly (readonly [string, string])[] = [
  ['campaign', `coalesce("campaign_id", '')`],
  ['domain', `split_part("email", '@', -1)`],
  ['reason', `"reason"`],
  ['category', `"category"`],
  ['source', `"source"`],
];

/**
 * The statistics of the stored bounces, as the service's backfill (BACKFILL_DELIVERY_STATISTICS of
 * the migration) counts them, computed a month partition and a dimension at a time, `workers`
 * months at once: the migration's single pass groups by every dimension together, which at 50
 * million bounces makes nearly a group per bounce. Months are whole UTC days, so no hour or day
 * bucket is written by two months; a campaign's `all` row is summed from its days at the end.
 */
export async function backfillStatisticsByMonth(url: string, workers: number, log: (message: string) => void): Promise<{ seconds: number; rows: number }> {
  const start = Date.now();
  const partitions = await withClient(url, async (client) => {
    const counted = Number((await client.query<{ n: string }>('select count(*) as "n" from "delivery_statistics"')).rows[0].n);
    if (counted > 0) throw new Error(`delivery_statistics holds ${counted} rows before the backfill: the bounces would be counted twice`);
    const { rows } = await client.query<{ name: string }>(
      `select c."relname" as "name" from "pg_inherits" i join "pg_class" c on c."oid" = i."inhrelid" where i."inhparent" = 'bounces'::regclass order by 1`,
    );
    return rows.map((row) => row.name);
  });
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, () =>
      withClient(url, async (client) => {
        await client.query(`set work_mem = '256MB'`);
        while (next < partitions.length) {
          const partition = partitions[next++];
          for (const [dimension, group] of STATISTICS_DIMENSIONS) {
            await client.query(`
              with "per_hour" as (
                select date_trunc('hour', "created_at", 'UTC') as "hour", ${group} as "group_key",
                  count(*) filter (where "bounce_type" = 'hard') as "hard",
                  count(*) filter (where "bounce_type" = 'soft' and "category" <> 'sender') as "soft",
                  count(*) filter (where "bounce_type" = 'complaint') as "complaint",
                  count(*) filter (where "bounce_type" = 'soft' and "category" = 'sender') as "sender_blocks"
                from "${partition}" group by 1, 2
              )
              insert into "delivery_statistics" ("dimension", "group_key", "granularity", "bucket", "hard", "soft", "complaint", "sender_blocks")
              select '${dimension}', "group_key", "g"."granularity", case "g"."granularity" when 'hour' then "hour" else date_trunc('day', "hour", 'UTC') end,
                sum("hard"), sum("soft"), sum("complaint"), sum("sender_blocks")
              from "per_hour" cross join (values ('hour'), ('day')) as "g" ("granularity")
              group by 2, 3, 4`);
          }
          done += 1;
          if (done % 6 === 0) log(`  statistics of ${done} of ${partitions.length} partitions (${((Date.now() - start) / 1000).toFixed(0)} s)`);
        }
      }),
    ),
  );
  return withClient(url, async (client) => {
    await client.query(`
      insert into "delivery_statistics" ("dimension", "group_key", "granularity", "bucket", "hard", "soft", "complaint", "sender_blocks")
      select 'campaign', "group_key", 'all', timestamptz '1970-01-01T00:00:00Z', sum("hard"), sum("soft"), sum("complaint"), sum("sender_blocks")
        from "delivery_statistics" where "dimension" = 'campaign' and "granularity" = 'day' and "group_key" <> '' group by "group_key"`);
    await client.query('vacuum (analyze) "delivery_statistics"');
    const rows = Number((await client.query<{ n: string }>('select count(*) as "n" from "delivery_statistics"')).rows[0].n);
    return { seconds: (Date.now() - start) / 1000, rows };
  });
}

async function sizeGb(url: string): Promise<number> {
  return withClient(
    url,
    async (client) => Number((await client.query<{ n: string }>('select pg_database_size(current_database()) as "n"')).rows[0].n) / 2 ** 30,
  );
}

// ---------------------------------------------------------------------------------------------
// The schema of the filled database: every partition as a freshly migrated one

/** A table's indexes and constraints, its own name written `<t>`: two partitions made alike read the same. */
export async function tableSignature(client: Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `select 'index ' || replace(replace(pg_get_indexdef(i."indexrelid"), $1, '<t>'), 'public.', '') ||
            case when i."indisvalid" then '' else ' (invalid)' end ||
            case when exists (select 1 from "pg_inherits" h where h."inhrelid" = i."indexrelid") then ' (of the parent''s index)' else '' end as "line"
       from "pg_index" i where i."indrelid" = $2::regclass
     union all
     select 'constraint ' || replace(c."conname", $1, '<t>') || ' ' || pg_get_constraintdef(c."oid") ||
            case when c."convalidated" then '' else ' (not valid)' end
       from "pg_constraint" c where c."conrelid" = $2::regclass
     order by 1`,
    [table, `"${table}"`],
  );
  return rows.map((row) => row.line);
}

/** The signature of the newest month partition of a freshly migrated database: the reference of `schemaDifferences`. */
export async function migratedPartitionSignature(url: string): Promise<string[]> {
  return withClient(url, async (client) => tableSignature(client, (await monthPartitions(client)).at(-1)!));
}

async function monthPartitions(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c."relname" as "name" from "pg_inherits" i join "pg_class" c on c."oid" = i."inhrelid"
      where i."inhparent" = 'bounces'::regclass and c."relname" ~ '^bounces_[0-9]{4}_[0-9]{2}$' order by 1`,
  );
  return rows.map((row) => row.name);
}

/** Every month partition compared with `reference` (a partition as the migration made it): the partitions that differ, and how. */
export async function schemaDifferences(url: string, reference: readonly string[]): Promise<{ partitions: number; differing: Record<string, string[]> }> {
  return withClient(url, async (client) => {
    const differing: Record<string, string[]> = {};
    const partitions = await monthPartitions(client);
    for (const partition of partitions) {
      const signature = await tableSignature(client, partition);
      const missing = reference.filter((line) => !signature.includes(line)).map((line) => `missing: ${line}`);
      const extra = signature.filter((line) => !reference.includes(line)).map((line) => `extra: ${line}`);
      if (missing.length + extra.length > 0) differing[partition] = [...missing, ...extra];
    }
    return { partitions: partitions.length, differing };
  });
}

// ---------------------------------------------------------------------------------------------
// Side by side: the same scenarios on the usual database and on the large one

export type Side = 'usual' | 'large';

/** One run of a side, in the terms of the bench's other measurements. */
export interface SideRun extends Pick<
  Measurement,
  | 'round'
  | 'durationS'
  | 'requestsPerSec'
  | 'eventsPerSec'
  | 'p50Ms'
  | 'p99Ms'
  | 'maxMs'
  | 'ok2xx'
  | 'non2xx'
  | 'errors'
  | 'serverCpuMsPerRequest'
  | 'loadAverage'
> {
  readonly side: Side;
  /** Ingestion: every acknowledged event stored once; null for reads. */
  readonly verified: boolean | null;
}

export interface SideScenario {
  readonly id: string;
  readonly title: string;
  readonly connections: number;
  readonly runs: SideRun[];
  readonly usual: { medianRequestsPerSec: number; medianP99Ms: number; medianP50Ms: number; medianCpuMs: number };
  readonly large: { medianRequestsPerSec: number; medianP99Ms: number; medianP50Ms: number; medianCpuMs: number };
  /** large / usual, of the medians of 2xx/s and of p99. */
  readonly throughputRatio: number;
  readonly p99Ratio: number;
}

export interface SideTarget {
  readonly side: Side;
  readonly url: string;
  readonly service: RunningServer;
}

/** Reads: the same path shape on both sides, each side's paths from `make`. */
function readScenario(id: string, title: string, connections: number, apiKey: string, make: (side: Side) => () => string): (side: Side) => Scenario {
  return (side) => {
    const nextPath = make(side);
    return {
      id,
      title,
      connections,
      source: (): RequestSource => ({
        next: (): BenchRequest => ({ method: 'GET', path: nextPath(), headers: { 'X-API-Key': apiKey }, newEvents: 0, events: 0 }),
        acknowledge: () => undefined,
        acknowledgedNewEvents: 0,
        generatedNewEvents: 0,
        generatedInline: 0,
        prepare: () => undefined,
      }),
    };
  };
}

async function runOnce(
  scenario: Scenario,
  target: SideTarget,
  round: number,
  durationS: number,
  marker: string,
  prepare: number,
  batch: boolean,
): Promise<SideRun> {
  const source = scenario.source(marker);
  source.prepare(prepare);
  const runStart = await withClient(target.url, async (client) => (await client.query<{ now: Date }>('select clock_timestamp() as "now"')).rows[0].now);
  const cpuBefore = cpuSecondsOf(target.service.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${target.service.port}`,
        connections: scenario.connections,
        duration: durationS,
        timeout: 60,
        requests: requestsOf(source),
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
  });
  await waitUntilIdle(target.url);
  const cpuAfter = cpuSecondsOf(target.service.pid);
  let verified: boolean | null = null;
  if (scenario.verifySql) {
    const sql = scenario.verifySql;
    const pattern = sql.markerPattern(marker);
    const [stored, unapplied] = await withClient(target.url, async (client) => [
      (await client.query<{ n: number }>(sql.stored, [pattern])).rows[0].n,
      (await client.query<{ n: number }>(sql.unapplied, [pattern, runStart])).rows[0].n,
    ]);
    verified = stored >= source.acknowledgedNewEvents && stored <= source.generatedNewEvents && unapplied === 0;
  }
  const ok = result['2xx'];
  return {
    side: target.side,
    round,
    durationS: result.duration,
    requestsPerSec: ok / result.duration,
    eventsPerSec: scenario.verifySql ? ((batch ? 1000 : 1) * ok) / result.duration : 0,
    ...answersOf(result, ok),
    serverCpuMsPerRequest: ok === 0 ? Number.NaN : ((cpuAfter - cpuBefore) * 1000) / ok,
    loadAverage: os.loadavg()[0],
    verified,
  };
}

function sideSummary(runs: readonly SideRun[], side: Side): SideScenario['usual'] {
  const mine = runs.filter((run) => run.side === side && run.round > 0);
  return {
    medianRequestsPerSec: median(mine.map((run) => run.requestsPerSec)),
    medianP99Ms: median(mine.map((run) => run.p99Ms)),
    medianP50Ms: median(mine.map((run) => run.p50Ms)),
    medianCpuMs: median(mine.map((run) => run.serverCpuMsPerRequest)),
  };
}

let markers = 0;

/** A warm-up on each side, then rounds of both, the order alternating. */
async function sideBySide(
  make: (side: Side) => Scenario,
  targets: readonly SideTarget[],
  settings: { rounds: number; durationS: number; warmupS: number; log: (message: string) => void },
  batch = false,
): Promise<SideScenario> {
  const first = make('usual');
  settings.log(
    `Retention: ${first.id}: ${settings.warmupS} s warm-up each, then ${settings.rounds} rounds of ${settings.durationS} s on the usual and the large database`,
  );
  const runs: SideRun[] = [];
  const prepare = batch ? 200 : 20_000;
  for (const target of targets) await runOnce(make(target.side), target, 0, settings.warmupS, `rw${markers++}`, prepare, batch);
  for (let round = 1; round <= settings.rounds; round += 1) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const run = await runOnce(make(target.side), target, round, settings.durationS, `rr${markers++}`, prepare, batch);
      runs.push(run);
    }
    const [usual, large] = [runs.at(-2)!, runs.at(-1)!].sort((a, b) => (a.side === 'usual' ? -1 : b.side === 'usual' ? 1 : 0));
    settings.log(
      `  round ${round}: usual ${fmt(usual.requestsPerSec, 1)}/s p99 ${fmt(usual.p99Ms, 1)} ms, large ${fmt(large.requestsPerSec, 1)}/s p99 ${fmt(large.p99Ms, 1)} ms; load average ${fmt(large.loadAverage, 1)}`,
    );
  }
  const usual = sideSummary(runs, 'usual');
  const large = sideSummary(runs, 'large');
  return {
    id: first.id,
    title: first.title,
    connections: first.connections,
    runs,
    usual,
    large,
    throughputRatio: large.medianRequestsPerSec / usual.medianRequestsPerSec,
    p99Ratio: large.medianP99Ms / usual.medianP99Ms,
  };
}

/** The cursor of the page after the bounce half-way through a database's history (newest first), as the list gives it out. */
async function middleCursor(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ at: string; id: string }>(
      `select to_char("created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "at", "id"
         from "bounces" where "created_at" <= (select min("created_at") + (max("created_at") - min("created_at")) / 2 from "bounces")
        order by "created_at" desc, "id" desc limit 1`,
    );
    return Buffer.from(JSON.stringify([rows[0].at, Number(rows[0].id)]), 'utf8').toString('base64url');
  });
}

async function idRange(url: string): Promise<[number, number]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ min: string; max: string }>(`select min("id") as "min", max("id") as "max" from "bounces"`);
    return [Number(rows[0].min), Number(rows[0].max)];
  });
}

// ---------------------------------------------------------------------------------------------
// Rule 5's look-up: a soft bounce's address and message id, across every partition

/** The statement of `softBouncedMessages`, as the service sends it (its one parameter numbered). */
export const SOFT_LOOKUP_SQL = SOFT_BOUNCED_MESSAGES_STATEMENT.replace('?', '$1');

export interface SoftLookup {
  readonly side: Side;
  /** Pairs looked up in one statement: 1 (one event) or a SendGrid batch's worth. */
  readonly pairs: number;
  readonly found: number;
  readonly partitionsScanned: number;
  /** The scans of `bounces`' partitions by kind: `Index Only Scan using bounces_2025_01_email_provider_message_id_idx` → count. */
  readonly scanKinds: Record<string, number>;
  readonly heapFetches: number;
  readonly sharedHitBlocks: number;
  readonly sharedReadBlocks: number;
  readonly explainMs: number | null;
  readonly planningMs: number | null;
  /** Statements timed (outside EXPLAIN), and their median and p99, ms. */
  readonly timed: number;
  readonly medianMs: number;
  readonly p99Ms: number;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Heap Fetches'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** The plan's scans of `bounces`' partitions and of `soft_bounced_messages`. */
function scansOfBounces(node: PlanNode, found: PlanNode[]): PlanNode[] {
  if (node['Relation Name']?.startsWith('bounces') || node['Relation Name'] === 'soft_bounced_messages') found.push(node);
  for (const child of node.Plans ?? []) scansOfBounces(child, found);
  return found;
}

export async function softLookup(side: Side, url: string, pairs: number, times: number): Promise<SoftLookup> {
  return withClient(url, async (client) => {
    // Half the pairs are stored soft bounces (a retried message), half new message ids.
    const { rows: stored } = await client.query<{ email: string; message: string }>(
      `select "email", "provider_message_id" as "message" from "bounces" tablesample system (0.5)
        where "bounce_type" = 'soft' and "provider_message_id" is not null limit ${pairs * times}`,
    );
    const next = random(pairs * 7 + times);
    const batch = (k: number): string =>
      JSON.stringify(
        Array.from({ length: pairs }, (_, i) =>
          i % 2 === 0 && stored.length > 0
            ? stored[(k * pairs + i) % stored.length]
            : { email: subscriberEmail(1 + Math.floor(next() * SUBSCRIBERS)), message: `new-${k}-${i}-${Math.floor(next() * 1e9)}` },
        ),
      );
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time'?: number; 'Planning Time'?: number }] }>(
      `explain (analyze, buffers, format json) ${SOFT_LOOKUP_SQL}`,
      [batch(0)],
    );
    const [top] = rows[0]['QUERY PLAN'];
    const scans = scansOfBounces(top.Plan, []);
    const scanKinds: Record<string, number> = {};
    for (const scan of scans) {
      const kind = scan['Index Name']
        ? `${scan['Node Type']} using ${scan['Index Name'].replace(/^bounces_\d{4}_\d{2}_/, 'bounces_<month>_')}`
        : `${scan['Node Type']} on ${scan['Relation Name']}`;
      scanKinds[kind] = (scanKinds[kind] ?? 0) + 1;
    }
    const found = (await client.query(SOFT_LOOKUP_SQL, [batch(0)])).rowCount ?? 0;
    const timings: number[] = [];
    for (let k = 1; k <= times; k += 1) {
      const text = batch(k);
      const start = process.hrtime.bigint();
      await client.query(SOFT_LOOKUP_SQL, [text]);
      timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    timings.sort((a, b) => a - b);
    return {
      side,
      pairs,
      found,
      partitionsScanned: scans.length,
      scanKinds,
      heapFetches: scans.reduce((sum, scan) => sum + (scan['Heap Fetches'] ?? 0), 0),
      sharedHitBlocks: scans.reduce((sum, scan) => sum + (scan['Shared Hit Blocks'] ?? 0), 0),
      sharedReadBlocks: scans.reduce((sum, scan) => sum + (scan['Shared Read Blocks'] ?? 0), 0),
      explainMs: top['Execution Time'] ?? null,
      planningMs: top['Planning Time'] ?? null,
      timed: timings.length,
      medianMs: median(timings),
      p99Ms: timings[Math.min(timings.length - 1, Math.floor(timings.length * 0.99))],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The maintenance under load

interface Sample {
  readonly startMs: number;
  readonly endMs: number;
  readonly status: number;
}

/** A closed loop of `connections` requests at a time, each one's start, end and status kept. */
function loadLoop(port: number, connections: number, make: () => BenchRequest): { stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let running = true;
  const one = (request: BenchRequest): Promise<number> =>
    new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.headers, agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.setTimeout(120_000, () => req.destroy());
      req.end(request.body);
    });
  const loops = Array.from({ length: connections }, async () => {
    while (running) {
      const request = make();
      const startMs = performance.now();
      const status = await one(request);
      samples.push({ startMs, endMs: performance.now(), status });
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return samples;
    },
  };
}

export interface MaintenanceStatement {
  /** Milliseconds from the start of the load. */
  readonly atMs: number;
  readonly ms: number;
  readonly statement: string;
}

export interface DroppedMonth {
  readonly partition: string;
  readonly rows: number;
  /** The month's count, under its share lock (no lock on `bounces`), ms. */
  readonly countMs: number;
  /** From the detach statement's start to the second transaction's first statement: the detach, the counters, the commit; the lock on `bounces` is held throughout (ms). */
  readonly detachTransactionMs: number;
  /** The detach statement alone: it holds (and first waits for) the lock on `bounces` that stops inserts. */
  readonly detachMs: number;
  /** The second: status changes, dedupe keys, the drop. */
  readonly forgetMs: number;
  /** The longest request (ingestion) that was in flight during the detach transaction, ms. */
  readonly maxLatencyDuringDetachMs: number;
  readonly maxLatencyDuringForgetMs: number;
}

export interface RetentionRun {
  readonly retentionMonths: number;
  readonly cutoff: string;
  readonly months: DroppedMonth[];
  readonly bouncesBefore: number;
  readonly bouncesDropped: number;
  /** From the maintenance's lock taken to its release, ms. */
  readonly maintenanceMs: number;
  readonly statements: MaintenanceStatement[];
  readonly load: {
    readonly connections: number;
    readonly requests: number;
    readonly failed: number;
    /** Before the maintenance began, and while it ran: p50, p99 and max of the requests that ended in each window. */
    readonly before: { requests: number; perSec: number; p50Ms: number; p99Ms: number; maxMs: number };
    readonly during: { requests: number; perSec: number; p50Ms: number; p99Ms: number; maxMs: number };
    readonly loadAverage: number;
  };
  readonly checks: {
    readonly suppressionUnchanged: { compared: number; changed: number; apiAnswersEqual: boolean };
    readonly statisticsOfDroppedMonthsUnchanged: boolean;
    readonly statisticsGrewByIngested: { before: number; after: number; ingested: number; exact: boolean };
    readonly listTotal: { api: number; counters: number; rows: number; exact: boolean };
    readonly droppedBounceAnswers404: boolean;
    readonly dedupeKeysOfDroppedMonthsLeft: number;
    readonly statusChangesNamingDroppedBounces: number;
  };
}

function latencyWindow(samples: readonly Sample[], from: number, to: number): RetentionRun['load']['before'] {
  const inside = samples.filter((sample) => sample.endMs >= from && sample.endMs < to && sample.status >= 200 && sample.status < 300);
  const latencies = inside.map((sample) => sample.endMs - sample.startMs).sort((a, b) => a - b);
  const pick = (q: number): number => (latencies.length === 0 ? Number.NaN : latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]);
  return { requests: inside.length, perSec: inside.length / ((to - from) / 1000), p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: latencies.at(-1) ?? Number.NaN };
}

/** The longest request in flight at any moment of [from, to). */
function maxInFlight(samples: readonly Sample[], from: number, to: number): number {
  return samples.filter((sample) => sample.startMs < to && sample.endMs > from).reduce((max, sample) => Math.max(max, sample.endMs - sample.startMs), 0);
}

async function apiGet(port: number, path: string, apiKey: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { 'X-API-Key': apiKey }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(300_000, () => req.destroy(new Error(`GET ${path}: no answer`)));
  });
}

async function apiPost(port: number, path: string, apiKey: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' }, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Each address's state (subscribers and addresses without one), as a digest of its row. */
async function addressStates(url: string): Promise<Map<string, string>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ email: string; digest: string }>(
      `select "email", md5((to_jsonb(s) - 'updated_at')::text) as "digest" from "subscribers" s
       union all
       select "email", md5((to_jsonb(a) - 'updated_at')::text) from "address_states" a`,
    );
    return new Map(rows.map((row) => [row.email, row.digest]));
  });
}

/** RETENTION_MONTHS that drops the `drop` oldest month partitions and keeps the others: counted from the month after the last to go. */
export function retentionMonthsDropping(partitions: readonly string[], drop: number, now: Date): number {
  const last = /^bounces_(\d{4})_(\d{2})$/.exec(partitions[drop - 1])!;
  const endMonths = Number(last[1]) * 12 + Number(last[2]); // the month after it, 0-based
  return now.getUTCFullYear() * 12 + now.getUTCMonth() - endMonths;
}

/**
 * The maintenance run by a second instance started with RETENTION_MONTHS (it runs at start),
 * while `connections` connections post single bounces to the measured instance; its statements
 * seen every 20 ms in pg_stat_activity; then the checks.
 */
export async function retentionUnderLoad(
  serviceMain: string,
  serviceEnv: Record<string, string>,
  nodeArgs: string[],
  target: SideTarget,
  apiKey: string,
  ingest: Scenario,
  drop: number,
  log: (message: string) => void,
): Promise<RetentionRun> {
  const url = target.url;
  const port = target.service.port;
  const partitions = await withClient(url, monthPartitions);
  const retentionMonths = retentionMonthsDropping(partitions, drop, new Date());
  const going = partitions.slice(0, drop);
  const firstMonth = /^bounces_(\d{4})_(\d{2})$/.exec(going[0])!;
  const lastMonth = /^bounces_(\d{4})_(\d{2})$/.exec(going.at(-1)!)!;
  const droppedFrom = new Date(Date.UTC(Number(firstMonth[1]), Number(firstMonth[2]) - 1, 1));
  const droppedTo = new Date(Date.UTC(Number(lastMonth[1]), Number(lastMonth[2]), 1));
  log(`Retention: RETENTION_MONTHS=${retentionMonths} drops ${going.join(', ')} while bounces are posted`);

  // Before: states, statistics, a sample of answers, and what will go.
  const statesBefore = await addressStates(url);
  const oldStatsPath = `/api/v1/stats/bounces?from=${droppedFrom.toISOString()}&to=${droppedTo.toISOString()}&interval=day`;
  const oldStatsBefore = await apiGet(port, oldStatsPath, apiKey);
  const statisticsSum = async (): Promise<number> =>
    withClient(url, async (client) =>
      Number(
        (
          await client.query<{ n: string }>(
            `select coalesce(sum("hard" + "soft" + "complaint" + "sender_blocks"), 0) as "n" from "delivery_statistics" where "dimension" = 'source' and "granularity" = 'day'`,
          )
        ).rows[0].n,
      ),
    );
  const statisticsBefore = await statisticsSum();
  const next = random(4242);
  const sample = Array.from({ length: 1000 }, () => subscriberEmail(1 + Math.floor(next() * SUBSCRIBERS)));
  const checkBefore = await apiPost(port, '/api/v1/suppressions/check', apiKey, JSON.stringify({ emails: sample }));
  const { droppedId, bouncesBefore, lockKey } = await withClient(url, async (client) => ({
    droppedId: Number((await client.query<{ id: string }>(`select "id" from "${going[0]}" limit 1`)).rows[0].id),
    bouncesBefore: Number((await client.query<{ n: string }>(`select sum("count") as "n" from "bounce_counters"`)).rows[0].n),
    lockKey: BigInt((await client.query<{ k: string }>(`select hashtextextended('mailpass:bounce-retention', 0)::text as "k"`)).rows[0].k),
  }));
  const rowsOf = new Map<string, number>();
  await withClient(url, async (client) => {
    for (const partition of going) rowsOf.set(partition, Number((await client.query<{ n: string }>(`select count(*) as "n" from "${partition}"`)).rows[0].n));
  });
  const classid = Number((lockKey >> 32n) & 0xffffffffn);
  const objid = Number(lockKey & 0xffffffffn);

  const source = ingest.source(`rt${markers++}`);
  const connections = ingest.connections;
  const loadStartedAt = await withClient(url, async (client) => (await client.query<{ now: Date }>('select clock_timestamp() as "now"')).rows[0].now);
  const origin = performance.now();
  const loop = loadLoop(port, connections, () => source.next());

  // The watcher: the maintenance's statements, from the session holding its advisory lock.
  const statements: MaintenanceStatement[] = [];
  let lockSeenAt: number | null = null;
  let lockGoneAt: number | null = null;
  let watching = true;
  const watcher = withClient(url, async (client) => {
    let current: { queryStart: string; statement: string; atMs: number } | null = null;
    const close = (endMs: number): void => {
      if (current !== null) statements.push({ atMs: current.atMs, ms: Math.max(0, endMs - current.atMs), statement: current.statement });
      current = null;
    };
    while (watching) {
      const { rows } = await client.query<{ state: string; query_start: string; query: string; since_start: number; since_change: number }>(
        `select a."state", a."query_start"::text as "query_start", left(regexp_replace(a."query", '\\s+', ' ', 'g'), 160) as "query",
                extract(epoch from clock_timestamp() - a."query_start") * 1000 as "since_start",
                extract(epoch from clock_timestamp() - a."state_change") * 1000 as "since_change"
           from "pg_locks" l join "pg_stat_activity" a on a."pid" = l."pid"
          where l."locktype" = 'advisory' and l."granted" and l."classid" = $1 and l."objid" = $2 and l."objsubid" = 1
            and l."database" = (select "oid" from "pg_database" where "datname" = current_database())`,
        [classid, objid],
      );
      const now = performance.now() - origin;
      const row = rows[0];
      if (row === undefined) {
        if (lockSeenAt !== null && lockGoneAt === null) {
          close(now);
          lockGoneAt = now;
        }
      } else {
        if (lockSeenAt === null) lockSeenAt = now;
        if (current !== null && current.queryStart !== row.query_start) close(now - row.since_start);
        if (row.state === 'active' && (current === null || current.queryStart !== row.query_start))
          current = { queryStart: row.query_start, statement: row.query, atMs: now - row.since_start };
        if (row.state !== 'active' && current !== null && current.queryStart === row.query_start) close(now - row.since_change);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  let samples: Sample[] = [];
  let maintenanceStartMs = Number.NaN;
  let maintenanceEndMs = Number.NaN;
  try {
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    maintenanceStartMs = performance.now() - origin;
    const maintenance = await startServer(
      'maintenance',
      serviceMain,
      { ...serviceEnv, DATABASE_URL: url, RETENTION_MONTHS: String(retentionMonths), LOG_LEVEL: 'info' },
      nodeArgs,
    );
    const deadline = Date.now() + 3_600_000;
    while ((lockSeenAt === null || lockGoneAt === null) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    maintenanceEndMs = performance.now() - origin;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await maintenance.stop();
  } finally {
    samples = (await loop.stop()).map((sample) => ({ ...sample, startMs: sample.startMs - origin, endMs: sample.endMs - origin }));
    watching = false;
    await watcher;
  }
  await waitUntilIdle(url);
  log(
    `  maintenance done in ${fmt(((lockGoneAt ?? maintenanceEndMs) - (lockSeenAt ?? maintenanceStartMs)) / 1000, 1)} s; ${samples.length} requests meanwhile`,
  );

  // Per month: its statements in order (lock, count, detach, counters; status changes, keys, drop).
  const months: DroppedMonth[] = [];
  for (const partition of going) {
    const mine = statements.filter((statement) => statement.statement.includes(`"${partition}"`));
    const count = mine.find((statement) => statement.statement.startsWith('select count(*)'));
    const byDomain = mine.find((statement) => statement.statement.includes('as "domain"'));
    const detach = mine.find((statement) => statement.statement.includes('detach partition'));
    const forgetFirst = mine.find((statement) => statement.statement.startsWith('update "status_changes"'));
    const dropStatement = mine.find((statement) => statement.statement.startsWith('drop table'));
    // A detach shorter than the sampling's 20 ms goes unseen: its transaction is then bounded by
    // the end of the count by domain before it (an upper bound: the counts' updates and the commit are in it too).
    const detachFrom = detach?.atMs ?? (byDomain ? byDomain.atMs + byDomain.ms : Number.NaN);
    const detachTo = forgetFirst?.atMs ?? (detach ? detach.atMs + detach.ms : Number.NaN);
    const forgetTo = dropStatement ? dropStatement.atMs + dropStatement.ms : Number.NaN;
    months.push({
      partition,
      rows: rowsOf.get(partition) ?? Number.NaN,
      countMs: count?.ms ?? Number.NaN,
      detachTransactionMs: detachTo - detachFrom,
      detachMs: detach?.ms ?? Number.NaN,
      forgetMs: forgetTo - detachTo,
      maxLatencyDuringDetachMs: Number.isFinite(detachFrom) ? maxInFlight(samples, detachFrom, detachTo) : Number.NaN,
      maxLatencyDuringForgetMs: Number.isFinite(detachTo) ? maxInFlight(samples, detachTo, forgetTo) : Number.NaN,
    });
  }

  // After: the checks.
  const statesAfter = await addressStates(url);
  const { ingestedEmails, ingested, ingestedAll, rows, counters, keysLeft, namingDropped } = await withClient(url, async (client) => {
    const emails = new Set(
      (await client.query<{ email: string }>(`select distinct "email" from "bounces" where "created_at" >= $1`, [loadStartedAt])).rows.map((row) => row.email),
    );
    return {
      ingestedEmails: emails,
      ingested: Number(
        (
          await client.query<{ n: string }>(
            `select count(*) as "n" from "bounces" where "created_at" >= $1 and "bounce_type" in ('hard', 'soft', 'complaint')`,
            [loadStartedAt],
          )
        ).rows[0].n,
      ),
      ingestedAll: Number((await client.query<{ n: string }>(`select count(*) as "n" from "bounces" where "created_at" >= $1`, [loadStartedAt])).rows[0].n),
      rows: Number((await client.query<{ n: string }>(`select count(*) as "n" from "bounces"`)).rows[0].n),
      counters: Number((await client.query<{ n: string }>(`select sum("count") as "n" from "bounce_counters"`)).rows[0].n),
      keysLeft: Number(
        (await client.query<{ n: string }>(`select count(*) as "n" from "bounce_dedupe_keys" where "created_at" < $1`, [droppedTo.toISOString()])).rows[0].n,
      ),
      namingDropped: Number(
        (
          await client.query<{ n: string }>(
            `select count(*) as "n" from "status_changes" s where s."bounce_id" is not null and not exists (select 1 from "bounces" b where b."id" = s."bounce_id")`,
          )
        ).rows[0].n,
      ),
    };
  });
  let compared = 0;
  let changed = 0;
  for (const [email, digest] of statesBefore) {
    if (ingestedEmails.has(email)) continue;
    compared += 1;
    if (statesAfter.get(email) !== digest) changed += 1;
  }
  const untouched = sample.filter((email) => !ingestedEmails.has(email));
  const [checkUntouchedBefore, checkUntouchedAfter] = await Promise.all([
    // The answers of the addresses no bounce came for during the run, before and after.
    Promise.resolve(JSON.parse(checkBefore.body) as { data?: { results?: { email: string }[] } }),
    apiPost(port, '/api/v1/suppressions/check', apiKey, JSON.stringify({ emails: sample })).then(
      (answer) => JSON.parse(answer.body) as { data?: { results?: { email: string }[] } },
    ),
  ]);
  const keep = (answer: { data?: { results?: { email: string }[] } }): string =>
    JSON.stringify((answer.data?.results ?? []).filter((result) => untouched.includes(result.email)));
  const apiAnswersEqual = checkBefore.status === 200 && keep(checkUntouchedBefore) === keep(checkUntouchedAfter) && keep(checkUntouchedAfter) !== '[]';
  const oldStatsAfter = await apiGet(port, oldStatsPath, apiKey);
  const statisticsAfter = await statisticsSum();
  const list = await apiGet(port, '/api/v1/bounces?limit=1', apiKey);
  const listTotal = Number((JSON.parse(list.body) as { data?: { total?: number } }).data?.total);
  const byId = await apiGet(port, `/api/v1/bounces/${droppedId}`, apiKey);
  const dropped = bouncesBefore + ingestedAll - rows;
  const total = maintenanceEndMs - maintenanceStartMs;
  return {
    retentionMonths,
    cutoff: droppedTo.toISOString(),
    months,
    bouncesBefore,
    bouncesDropped: dropped,
    maintenanceMs: lockSeenAt !== null && lockGoneAt !== null ? lockGoneAt - lockSeenAt : total,
    statements,
    load: {
      connections,
      requests: samples.length,
      failed: samples.filter((sample) => sample.status < 200 || sample.status >= 300).length,
      before: latencyWindow(samples, 0, maintenanceStartMs),
      during: latencyWindow(samples, lockSeenAt ?? maintenanceStartMs, lockGoneAt ?? maintenanceEndMs),
      loadAverage: os.loadavg()[0],
    },
    checks: {
      suppressionUnchanged: { compared, changed, apiAnswersEqual },
      statisticsOfDroppedMonthsUnchanged: oldStatsBefore.status === 200 && oldStatsBefore.body === oldStatsAfter.body,
      statisticsGrewByIngested: { before: statisticsBefore, after: statisticsAfter, ingested, exact: statisticsAfter - statisticsBefore === ingested },
      listTotal: { api: listTotal, counters, rows, exact: listTotal === rows && counters === rows },
      droppedBounceAnswers404: byId.status === 404,
      dedupeKeysOfDroppedMonthsLeft: keysLeft,
      statusChangesNamingDroppedBounces: namingDropped,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The group

export interface RetentionSettings {
  readonly serviceMain: string;
  /** The service's environment without DATABASE_URL. */
  readonly serviceEnv: Record<string, string>;
  readonly nodeArgs: string[];
  readonly apiKey: string;
  /** The bench's scenarios (api-bounce and sendgrid-batch are measured here). */
  readonly scenarios: readonly Scenario[];
  readonly usual: SideTarget;
  /** A month partition of a freshly migrated database (`tableSignature`), taken before the usual seed. */
  readonly referenceSignature: string[];
  readonly rounds: number;
  readonly durationS: number;
  readonly batchDurationS: number;
  readonly warmupS: number;
  readonly log: (message: string) => void;
}

export interface RetentionResult {
  readonly database: { bounces: number; fillSeconds: number | null; statisticsSeconds: number | null; sizeGb: number; partitions: number; reused: boolean };
  readonly schema: { partitions: number; differing: Record<string, string[]>; sameAsMigrated: boolean; reference: string[] };
  readonly scenarios: SideScenario[];
  readonly listPlans: { usual: PlanSummary[]; large: PlanSummary[] };
  readonly softLookups: SoftLookup[];
  readonly retention: RetentionRun | null;
  readonly loadAverageAtStart: number[];
  readonly loadAverageAtEnd: number[];
}

/** The whole group; the large database is dropped by the caller (`database.drop()`). */
export async function runRetentionGroup(settings: RetentionSettings, large: RetentionDatabase): Promise<RetentionResult> {
  const { log } = settings;
  const loadAverageAtStart = os.loadavg();
  const schema = await schemaDifferences(large.url, settings.referenceSignature);
  const sameAsMigrated = Object.keys(schema.differing).length === 0;
  log(
    `Retention: ${schema.partitions} month partitions ${sameAsMigrated ? 'have the indexes and constraints of a migrated one' : `differ: ${JSON.stringify(schema.differing)}`}`,
  );
  const service = await startServer('service-large', settings.serviceMain, { ...settings.serviceEnv, DATABASE_URL: large.url }, settings.nodeArgs);
  const targets: SideTarget[] = [settings.usual, { side: 'large', url: large.url, service }];
  const urlOf = (side: Side): string => (side === 'usual' ? settings.usual.url : large.url);
  try {
    const ids = { usual: await idRange(settings.usual.url), large: await idRange(large.url) };
    const cursors = { usual: await middleCursor(settings.usual.url), large: await middleCursor(large.url) };
    const sameBoth = (scenario: Scenario) => (): Scenario => scenario;
    const apiBounce = settings.scenarios.find((scenario) => scenario.id === 'api-bounce')!;
    const sendgridBatch = settings.scenarios.find((scenario) => scenario.id === 'sendgrid-batch')!;
    const reads = [
      readScenario('list-first', 'GET /api/v1/bounces first page (limit 20)', 10, settings.apiKey, () => () => '/api/v1/bounces?limit=20'),
      readScenario('list-email', 'GET /api/v1/bounces?email=… first page (limit 20, exact total)', 10, settings.apiKey, () => {
        const next = random(11);
        return () => `/api/v1/bounces?email=${encodeURIComponent(subscriberEmail(1 + Math.floor(next() * SUBSCRIBERS)))}&limit=20`;
      }),
      readScenario('list-domain', 'GET /api/v1/bounces?domain=… first page (limit 20, exact total)', 10, settings.apiKey, () => {
        const next = random(13);
        return () => `/api/v1/bounces?domain=${subscriberDomain(1 + Math.floor(next() * SUBSCRIBERS))}&limit=20`;
      }),
      readScenario('list-cursor-deep', 'GET /api/v1/bounces?cursor=… half-way through the history (limit 20)', 10, settings.apiKey, (side) => {
        const path = `/api/v1/bounces?limit=20&cursor=${cursors[side]}`;
        return () => path;
      }),
      readScenario('bounce-by-id', 'GET /api/v1/bounces/{id}, a random stored id', 10, settings.apiKey, (side) => {
        const next = random(17);
        const [min, max] = ids[side];
        return () => `/api/v1/bounces/${min + Math.floor(next() * (max - min + 1))}`;
      }),
    ];
    const scenarios: SideScenario[] = [];
    const common = { rounds: settings.rounds, durationS: settings.durationS, warmupS: settings.warmupS, log };
    scenarios.push(await sideBySide(sameBoth(apiBounce), targets, common));
    scenarios.push(await sideBySide(sameBoth(sendgridBatch), targets, { ...common, durationS: settings.batchDurationS }, true));
    for (const read of reads) scenarios.push(await sideBySide(read, targets, common));

    log('Retention: plans of the list (EXPLAIN ANALYZE) on both databases');
    const filters = [
      { label: `email ${subscriberEmail(4242)}`, filter: { emails: [subscriberEmail(4242)] } },
      { label: `domain ${subscriberDomain(4242)}`, filter: { domains: [subscriberDomain(4242)] } },
    ];
    const listPlans = { usual: (await explainList(urlOf('usual'), filters)).plans, large: (await explainList(urlOf('large'), filters)).plans };

    for (const side of ['usual', 'large'] as const)
      for (const plan of listPlans[side])
        log(
          `  ${side}, ${plan.what}: ${fmt(plan.executionMs ?? Number.NaN, 1)} ms, ${plan.scans.length} scans` +
            `${plan.seqScanOfBounces ? ' (a sequential scan of bounces)' : ''}: ${[...new Set(plan.scans.map((scan) => scan.replace(/bounces_\d{4}_\d{2}/g, 'bounces_<month>')))].join('; ')}`,
        );

    log("Retention: rule 5's look-up (a soft bounce's address and message id) on both databases");
    const softLookups: SoftLookup[] = [];
    for (const side of ['usual', 'large'] as const) {
      softLookups.push(await softLookup(side, urlOf(side), 1, 300));
      softLookups.push(await softLookup(side, urlOf(side), 1000, 10));
    }
    for (const lookup of softLookups)
      log(
        `  ${lookup.side}, ${lookup.pairs} pair(s): ${lookup.partitionsScanned} partition scans ${JSON.stringify(lookup.scanKinds)}, heap fetches ${lookup.heapFetches}, ` +
          `median ${fmt(lookup.medianMs, 2)} ms, p99 ${fmt(lookup.p99Ms, 2)} ms`,
      );

    const drop = Number(process.env.BENCH_RETENTION_DROP_MONTHS) > 0 ? Number(process.env.BENCH_RETENTION_DROP_MONTHS) : 3;
    const retention = await retentionUnderLoad(settings.serviceMain, settings.serviceEnv, settings.nodeArgs, targets[1], settings.apiKey, apiBounce, drop, log);
    for (const month of retention.months)
      log(
        `  ${month.partition} (${month.rows.toLocaleString('en')} bounces): detach transaction ${fmt(month.detachTransactionMs)} ms (detach ${Number.isFinite(month.detachMs) ? `${fmt(month.detachMs)} ms` : 'under the 20 ms sampling'}), ` +
          `then ${fmt(month.forgetMs)} ms to forget and drop it; longest request meanwhile ${fmt(month.maxLatencyDuringDetachMs)} / ${fmt(month.maxLatencyDuringForgetMs)} ms`,
      );
    log(
      `  load: before p99 ${fmt(retention.load.before.p99Ms, 1)} ms max ${fmt(retention.load.before.maxMs)} ms; during p99 ${fmt(retention.load.during.p99Ms, 1)} ms max ${fmt(retention.load.during.maxMs)} ms`,
    );
    log(`  checks: ${JSON.stringify(retention.checks)}`);
    return {
      database: {
        bounces: large.bounces,
        fillSeconds: large.fillSeconds,
        statisticsSeconds: large.statisticsSeconds,
        sizeGb: large.sizeGb,
        partitions: schema.partitions,
        reused: large.database === null,
      },
      schema: { ...schema, sameAsMigrated, reference: settings.referenceSignature },
      scenarios,
      listPlans,
      softLookups,
      retention,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
    };
  } finally {
    await service.stop();
  }
}

export function formatRetention(result: RetentionResult): string {
  const lines = [
    `Retention at ${result.database.bounces.toLocaleString('en')} bounces (${fmt(result.database.sizeGb, 1)} GB, ${result.database.partitions} month partitions` +
      `${result.database.fillSeconds === null ? ', reused' : `, filled in ${fmt(result.database.fillSeconds)} s + statistics ${fmt(result.database.statisticsSeconds ?? Number.NaN)} s`})`,
    `  ${'scenario'.padEnd(18)} ${'usual /s'.padStart(9)} ${'large /s'.padStart(9)} ${'ratio'.padStart(6)} ${'usual p99'.padStart(10)} ${'large p99'.padStart(10)} ${'cpu ms u/l'.padStart(12)}`,
  ];
  for (const scenario of result.scenarios)
    lines.push(
      `  ${scenario.id.padEnd(18)} ${fmt(scenario.usual.medianRequestsPerSec, 1).padStart(9)} ${fmt(scenario.large.medianRequestsPerSec, 1).padStart(9)} ${fmt(scenario.throughputRatio, 2).padStart(6)} ` +
        `${fmt(scenario.usual.medianP99Ms, 1).padStart(10)} ${fmt(scenario.large.medianP99Ms, 1).padStart(10)} ${`${fmt(scenario.usual.medianCpuMs, 2)}/${fmt(scenario.large.medianCpuMs, 2)}`.padStart(12)}`,
    );
  return lines.join('\n');
}
