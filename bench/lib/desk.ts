/**
 * The operator's desk: the reads and the bulk transfers an operator runs by hand, measured on the
 * service alone (the baseline has no filters, cursors, exports or imports), at a million stored
 * bounces and a million suppressed addresses:
 *
 * - `desk-bounces-email`, `desk-bounces-domain`, `desk-bounces-campaign`: the first page (limit
 *   20) of `GET /api/v1/bounces` filtered by address, by recipient domain, and by campaign in a
 *   7-day window; pages/s and p99, and PostgreSQL's plan of the page and of its exact total.
 * - `desk-bounces-deep`: the page at depth 500,000 by `cursor` and by `offset=500000`, side by
 *   side in the same rounds.
 * - `desk-suppressions-export`: `GET /api/v1/suppressions/export` of every suppressed address,
 *   as CSV and as NDJSON; rows/s and the service's resident memory during the export.
 * - `desk-suppressions-import`: `POST /api/v1/suppressions/import` of a 100,000-row CSV in the
 *   service's own export format; rows/s.
 *
 * An endpoint this build does not have (404, or a 400 for a filter it does not know) makes its
 * scenario "not available", not a failed run.
 */
import autocannon from 'autocannon';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './build';
import { CAMPAIGNS, DOMAINS, SUBSCRIBERS, subscriberDomain, subscriberDomainSql, subscriberEmail, waitUntilIdle, withClient } from './database';
import { cpuSecondsOf, postgresCpuSeconds, rssMbOf, type RunningServer, sampleRss } from './processes';
import { answersOf, fmt, median, type TargetCheck } from './report';
import { random } from './scenarios';

/** Every id here; `BENCH_SCENARIOS=operators-desk` names them all. */
export const DESK_SCENARIO_IDS = [
  'desk-bounces-email',
  'desk-bounces-domain',
  'desk-bounces-campaign',
  'desk-bounces-deep',
  'desk-suppressions-export',
  'desk-suppressions-import',
] as const;
export type DeskScenarioId = (typeof DESK_SCENARIO_IDS)[number];
export const DESK_GROUP = 'operators-desk';

/** Suppressed addresses in all after the desk's seed (subscribers and addresses without one). */
export const SUPPRESSED = 1_000_000;
/** Rows of one import. */
export const IMPORT_ROWS = 100_000;
/** The depth of the deep page. */
export const DEEP_OFFSET = 500_000;
const PAGE = 20;
/**
 * The header of the service's own suppression CSV (its export's, which its import recognises by
 * `email`, `status` and `origin`). A build whose export writes another header is read from its
 * export (see `importHeader`).
 */
export const OWN_CSV_HEADER = ['email', 'status', 'reason', 'origin', 'note', 'suppressed_at'];

export interface DeskSettings {
  readonly durationS: number;
  readonly warmupS: number;
  readonly rounds: number;
  readonly connections: (id: string, fallback: number) => number;
  readonly apiKey: string;
  readonly url: string;
  readonly postmasterPid: () => number | null;
  readonly log: (message: string) => void;
}

/** One measured run of one variant (a path mix) against the service. */
export interface DeskRun {
  readonly round: number;
  readonly durationS: number;
  /** Pages (2xx answers) per second, or rows per second for an export or an import. */
  readonly perSec: number;
  readonly unit: 'pages/s' | 'rows/s';
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Rows exported or imported (transfers only). */
  readonly rows: number | null;
  /** VmRSS of the service when the run began, MB. */
  readonly rssBeforeMb: number | null;
  /** Highest VmRSS of the service sampled during the run (every 50 ms), MB. */
  readonly rssMaxMb: number | null;
  /** VmHWM of the service after the run: its peak since it started, MB. */
  readonly rssHwmMb: number | null;
  readonly serverCpuMs: number;
  readonly databaseCpuMs: number | null;
  readonly loadAverage: number;
  /** What the answer said (imports: the counts), when it matters. */
  readonly answer?: unknown;
}

export interface DeskVariant {
  readonly name: string;
  readonly path: string;
  readonly runs: DeskRun[];
  readonly medianPerSec: number;
  readonly medianP99Ms: number;
  readonly medianP50Ms: number;
  readonly rssMaxMb: number | null;
}

export interface PlanSummary {
  /** What was explained: the page or its exact total, and for which value. */
  readonly what: string;
  readonly sql: string;
  /** Every scan of the plan, `Index Scan using bounces_email_index on bounces`, outermost first. */
  readonly scans: string[];
  /** A sequential scan of `bounces` (the million rows) somewhere in the plan. */
  readonly seqScanOfBounces: boolean;
  readonly executionMs: number | null;
  readonly rows: number | null;
}

export interface DeskResult {
  readonly id: DeskScenarioId;
  readonly title: string;
  readonly connections: number;
  /** False when the service does not have the endpoint (or the filter): `reason` says what it answered. */
  readonly available: boolean;
  readonly reason: string | null;
  readonly variants: DeskVariant[];
  readonly plans: PlanSummary[];
  readonly notes: string[];
}

/** The desk scenarios named by BENCH_SCENARIOS (all of them when it is empty or says `operators-desk`). */
export function chosenDeskScenarios(named: readonly string[]): DeskScenarioId[] {
  if (named.length === 0 || named.includes(DESK_GROUP)) return [...DESK_SCENARIO_IDS];
  return DESK_SCENARIO_IDS.filter((id) => named.includes(id));
}

// ---------------------------------------------------------------------------------------------
// Seed

/**
 * The desk's addition to the seed (`seed` in database.ts must have run): suppressed addresses up
 * to `SUPPRESSED` in all, the rest of them without a subscriber (`address_states`), as an
 * operator who brought their former provider's list would have: `supp<i>@mail<k>.example` over
 * the same domains as the subscribers, 75 % bounced by a hard bounce, 10 % unsubscribed by a
 * complaint, 10 % imported and 5 % added by hand (unsubscribed; of no recorded cause in a schema
 * before the list's origins), their status changes spread over the last two years. Then ANALYZE
 * and a checkpoint. Returns the rows added.
 */
export async function seedDesk(url: string): Promise<{ added: number; suppressedBefore: number }> {
  return withClient(url, async (client) => {
    await client.query(`set maintenance_work_mem = '256MB'`);
    const count = async (): Promise<number> =>
      Number(
        (
          await client.query<{ n: string }>(
            `select (select count(*) from "subscribers" where "status" <> 'active') + (select count(*) from "address_states" where "status" <> 'active') as "n"`,
          )
        ).rows[0].n,
      );
    const suppressedBefore = await count();
    const toAdd = Math.max(0, SUPPRESSED - suppressedBefore);
    const columns = await tableColumns(client, 'address_states');
    // The list's origin is generated from `suppressed_by` where the schema has it; `manual` and
    // `import` are causes from then on (before, such an entry's cause was not recorded).
    const listColumns = columns.has('suppression_origin');
    const optional: [string, string][] = [];
    if (columns.has('suppressed_by'))
      optional.push([
        'suppressed_by',
        `case when i % 20 < 15 then 'hard-bounce' when i % 20 < 17 then 'complaint' ${listColumns ? `when i % 20 < 19 then 'import' else 'manual'` : ''} end`,
      ]);
    if (columns.has('suppression_note'))
      optional.push(['suppression_note', `case when i % 20 = 17 then 'from the former provider''s list' when i % 20 = 19 then 'asked by phone' end`]);
    const names = optional.map(([name]) => `, "${name}"`).join('');
    const values = optional.map(([, value]) => `, ${value}`).join('');
    await client.query(`
      insert into "address_states" ("email", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at", "updated_at"${names})
      select 'supp' || i || '@' || ${subscriberDomainSql('i')},
        case when i % 20 < 15 then 'bounced' else 'unsubscribed' end,
        0,
        case when i % 20 < 15 then t end,
        t, t, t${values}
      from generate_series(1, ${toAdd}) i,
        lateral (select now() - make_interval(secs => (i::bigint * 7919 % ${toAdd || 1}) * (730.0 * 86400 / ${toAdd || 1})) as t) x`);
    await client.query('vacuum (analyze) "address_states"');
    await client.query('analyze');
    await client.query('checkpoint');
    return { added: toAdd, suppressedBefore };
  });
}

async function tableColumns(client: import('pg').Client, table: string): Promise<Set<string>> {
  const { rows } = await client.query<{ column_name: string }>(`select "column_name" from information_schema.columns where "table_name" = $1`, [table]);
  return new Set(rows.map((row) => row.column_name));
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface Answer {
  readonly status: number;
  readonly body: string;
}

function request(port: number, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(600_000, () => req.destroy(new Error(`${method} ${path}: no answer within 600 s`)));
    req.end(body);
  });
}

/** A streamed download: rows (lines that are not the header) counted as they come, the body not kept. */
function download(
  port: number,
  path: string,
  headers: Record<string, string>,
  skipHeader: boolean,
): Promise<{ status: number; rows: number; bytes: number; firstByteMs: number; totalMs: number; firstLine: string; error: string | null }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (response) => {
      let firstByteMs = Number.NaN;
      let newlines = 0;
      let bytes = 0;
      let last = 0x0a;
      let firstLine = '';
      let errorBody = '';
      response.on('data', (chunk: Buffer) => {
        if (Number.isNaN(firstByteMs)) firstByteMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (firstLine.length < 500 && !firstLine.includes('\n')) firstLine += chunk.subarray(0, 500).toString('utf8');
        if ((response.statusCode ?? 0) >= 300 && errorBody.length < 2000) errorBody += chunk.toString('utf8');
        bytes += chunk.length;
        for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) newlines += 1;
        last = chunk[chunk.length - 1];
      });
      response.on('end', () => {
        const lines = newlines + (bytes > 0 && last !== 0x0a ? 1 : 0);
        const status = response.statusCode ?? 0;
        resolve({
          status,
          rows: Math.max(0, lines - (skipHeader ? 1 : 0)),
          bytes,
          firstByteMs,
          totalMs: Number(process.hrtime.bigint() - started) / 1e6,
          firstLine: firstLine.split('\n')[0].replace(/\r$/, ''),
          error: status >= 300 ? errorBody.slice(0, 300) : null,
        });
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(900_000, () => req.destroy(new Error(`GET ${path}: not done within 900 s`)));
  });
}

/** Why a probe's answer means "this build does not have it", or null when it is a 2xx. */
function unavailable(what: string, answer: Answer): string | null {
  if (answer.status >= 200 && answer.status < 300) return null;
  let said = answer.body.slice(0, 300);
  try {
    const error = (JSON.parse(answer.body) as { error?: { code?: string; message?: string } }).error;
    if (error) said = `${error.code ?? ''} ${error.message ?? ''}`.trim();
  } catch {
    // not JSON: kept as it came
  }
  return `${what} answered ${answer.status}${said ? `: ${said}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Measures

/** autocannon against the service for `durationS`, each request's path from `nextPath`. */
async function loadRun(
  server: RunningServer,
  settings: DeskSettings,
  connections: number,
  durationS: number,
  nextPath: () => string,
  round: number,
): Promise<DeskRun> {
  const postmaster = settings.postmasterPid();
  const rssBefore = rssMbOf(server.pid);
  const rss = sampleRss([server.pid], 50);
  const before = { server: cpuSecondsOf(server.pid), database: postmaster === null ? 0 : postgresCpuSeconds(postmaster) };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${server.port}`,
        connections,
        duration: durationS,
        timeout: 30,
        requests: [
          {
            setupRequest: (req) => ({ ...req, method: 'GET', path: nextPath(), headers: { 'X-API-Key': settings.apiKey } }) as autocannon.Request,
          },
        ],
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
  });
  const rssMax = rss.stop().get(server.pid) ?? null;
  // Requests cut off at the end may still run: they count in this run's CPU, not in the next run's time.
  await waitUntilIdle(settings.url);
  const after = { server: cpuSecondsOf(server.pid), database: postmaster === null ? 0 : postgresCpuSeconds(postmaster) };
  const ok = result['2xx'];
  return {
    round,
    durationS: result.duration,
    perSec: ok / result.duration,
    unit: 'pages/s',
    ...answersOf(result, ok),
    rows: null,
    rssBeforeMb: rssBefore,
    rssMaxMb: rssMax,
    rssHwmMb: hwmMbOf(server.pid),
    serverCpuMs: ok === 0 ? Number.NaN : ((after.server - before.server) * 1000) / ok,
    databaseCpuMs: postmaster === null || ok === 0 ? null : ((after.database - before.database) * 1000) / ok,
    loadAverage: os.loadavg()[0],
  };
}

function hwmMbOf(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function variantOf(name: string, path: string, runs: DeskRun[]): DeskVariant {
  const rss = runs.map((run) => run.rssMaxMb).filter((value): value is number => value !== null);
  return {
    name,
    path,
    runs,
    medianPerSec: median(runs.map((run) => run.perSec)),
    // Of the runs that had answers (a run of none has no latency).
    medianP99Ms: median(runs.map((run) => run.p99Ms).filter(Number.isFinite)),
    medianP50Ms: median(runs.map((run) => run.p50Ms).filter(Number.isFinite)),
    rssMaxMb: rss.length === 0 ? null : Math.max(...rss),
  };
}

/**
 * Rounds of the `variants` (path mixes) against the service, alternating their order each round,
 * after a warm-up of each; one variant alone is measured as often.
 */
async function measurePaths(
  server: RunningServer,
  settings: DeskSettings,
  connections: number,
  variants: readonly { name: string; path: string; next: () => string }[],
): Promise<DeskVariant[]> {
  for (const variant of variants) await loadRun(server, settings, connections, settings.warmupS, variant.next, 0);
  const runs = new Map<string, DeskRun[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 1; round <= settings.rounds; round += 1) {
    const order = round % 2 === 1 ? variants : [...variants].reverse();
    for (const variant of order) {
      const run = await loadRun(server, settings, connections, settings.durationS, variant.next, round);
      runs.get(variant.name)!.push(run);
      settings.log(
        `  round ${round} ${variant.name}: ${run.perSec.toFixed(1)} pages/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ` +
          `${run.non2xx + run.errors} not 2xx; load average ${run.loadAverage.toFixed(1)}`,
      );
    }
  }
  return variants.map((variant) => variantOf(variant.name, variant.path, runs.get(variant.name)!));
}

// ---------------------------------------------------------------------------------------------
// Plans

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

function scansOf(node: PlanNode, into: string[]): string[] {
  if (/Scan/.test(node['Node Type'])) {
    const index = node['Index Name'] ? ` using ${node['Index Name']}` : '';
    const relation = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
    into.push(`${node['Node Type']}${index}${relation}`);
  }
  for (const child of node.Plans ?? []) scansOf(child, into);
  return into;
}

function seqScanOfBounces(node: PlanNode): boolean {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'bounces') return true;
  return (node.Plans ?? []).some(seqScanOfBounces);
}

/** The filters of the desk's scenarios, as the service's list statements take them. */
export interface ListFilter {
  readonly emails?: readonly string[];
  readonly domains?: readonly string[];
  readonly campaignIds?: readonly string[];
  readonly from?: Date;
  readonly to?: Date;
}

interface SqlStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}
export type ListPage = { readonly limit: number; readonly offset: number } | { readonly limit: number; readonly after: readonly (string | number)[] };
type ListStatements = (filter: ListFilter, page: ListPage) => { page: SqlStatement; count: SqlStatement };

/** Where the service builds the statements of its filtered list (`bounceListStatements`). */
const LIST_STATEMENTS_MODULE = path.join(ROOT, 'libs', 'bounce-handling', 'src', 'bounces', 'adapters', 'persistence', 'bounce-list.query');

/** The service's own `bounceListStatements` of the working tree, or null in a tree without it. */
function serviceListStatements(): ListStatements | null {
  try {
    const loaded = createRequire(__filename)(LIST_STATEMENTS_MODULE) as { bounceListStatements?: ListStatements };
    return typeof loaded.bounceListStatements === 'function' ? loaded.bounceListStatements : null;
  } catch {
    return null;
  }
}

/** `?` placeholders (as the service's `pgSelect` takes them) as `$1`, `$2`…. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A stand-in for a tree without `bounceListStatements`: the page's and the total's plain shape. */
function plainStatements(filter: ListFilter): { page: SqlStatement; count: SqlStatement } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown): void => {
    conditions.push(condition);
    params.push(value);
  };
  if (filter.emails) add(`"email" = ?`, filter.emails[0]);
  if (filter.domains) add(`split_part("email", '@', -1) = ?`, filter.domains[0]);
  if (filter.campaignIds) add(`"campaign_id" = ?`, filter.campaignIds[0]);
  if (filter.from) add(`"created_at" >= ?::timestamptz`, filter.from.toISOString());
  if (filter.to) add(`"created_at" < ?::timestamptz`, filter.to.toISOString());
  const where = conditions.join(' and ');
  return {
    page: {
      sql: `with "page" as (select "id", "campaign_id", "subscriber_id", "created_at" from "bounces" where ${where} order by "created_at" desc, "id" desc limit ? offset ?)
        select p.*, c."name", s."name" from "page" p left join "campaigns" c on c."id" = p."campaign_id" left join "subscribers" s on s."id" = p."subscriber_id"
         order by p."created_at" desc, p."id" desc`,
      params: [...params, PAGE + 1, 0],
    },
    count: { sql: `select count(*) from "bounces" where ${where}`, params },
  };
}

/**
 * EXPLAIN ANALYZE of the first page (limit 20) of each filter and of its exact total, as the
 * service states them: its own `bounceListStatements` when the working tree has it, else the
 * plain shape (said in the note).
 */
export async function explainList(
  url: string,
  filters: readonly { label: string; filter: ListFilter; page?: ListPage; what?: string }[],
): Promise<{ plans: PlanSummary[]; note: string }> {
  const statements = serviceListStatements();
  const plans = await withClient(url, async (client) => {
    const found: PlanSummary[] = [];
    for (const { label, filter, page, what: pageWhat } of filters) {
      // A deep page (`page` given) is explained alone: its total is the unfiltered one, the counters'.
      if (page && !statements) continue;
      const built = statements ? statements(filter, page ?? { limit: PAGE, offset: 0 }) : plainStatements(filter);
      const explained: (readonly [string, SqlStatement])[] = page
        ? [[pageWhat ?? 'page', built.page]]
        : [
            ['first page', built.page],
            ['exact total', built.count],
          ];
      for (const [what, statement] of explained) {
        const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time'?: number }] }>(
          `explain (analyze, format json) ${numbered(statement.sql)}`,
          [...statement.params],
        );
        const [top] = rows[0]['QUERY PLAN'];
        found.push({
          what: `${what}, ${label}`,
          sql: statement.sql.replace(/\s+/g, ' '),
          scans: scansOf(top.Plan, []),
          seqScanOfBounces: seqScanOfBounces(top.Plan),
          executionMs: top['Execution Time'] ?? null,
          rows: top.Plan['Actual Rows'] ?? null,
        });
      }
    }
    return found;
  });
  return {
    plans,
    note: statements
      ? "plans of the service's own statements (bounceListStatements of the working tree), EXPLAIN ANALYZE on the bench database after the rounds"
      : 'plans of the plain page and count statements (this tree has no bounceListStatements), EXPLAIN ANALYZE on the bench database after the rounds',
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const TITLES: Record<DeskScenarioId, string> = {
  'desk-bounces-email': 'operator: GET /api/v1/bounces?email=… first page (limit 20, exact total)',
  'desk-bounces-domain': 'operator: GET /api/v1/bounces?domain=… first page (limit 20, exact total)',
  'desk-bounces-campaign': 'operator: GET /api/v1/bounces?campaign_id=…&from=…&to=… (7 days) first page',
  'desk-bounces-deep': `operator: GET /api/v1/bounces at depth ${DEEP_OFFSET.toLocaleString('en')}, cursor against offset`,
  'desk-suppressions-export': `operator: GET /api/v1/suppressions/export of ${SUPPRESSED.toLocaleString('en')} addresses, csv and ndjson`,
  'desk-suppressions-import': `operator: POST /api/v1/suppressions/import, ${IMPORT_ROWS.toLocaleString('en')}-row CSV`,
};

export async function runDeskScenario(id: DeskScenarioId, server: RunningServer, settings: DeskSettings): Promise<DeskResult> {
  const base = { id, title: TITLES[id], variants: [] as DeskVariant[], plans: [] as PlanSummary[], notes: [] as string[] };
  const headers = { 'X-API-Key': settings.apiKey };
  const probe = async (path: string): Promise<string | null> => unavailable(`GET ${path}`, await request(server.port, 'GET', path, headers));
  const notAvailable = (connections: number, reason: string): DeskResult => {
    settings.log(`  not available: ${reason}`);
    return { ...base, connections, available: false, reason };
  };

  switch (id) {
    case 'desk-bounces-email': {
      const connections = settings.connections(id, 10);
      const next = random(101);
      const nextPath = (): string => `/api/v1/bounces?email=${encodeURIComponent(subscriberEmail(1 + Math.floor(next() * SUBSCRIBERS)))}&limit=${PAGE}`;
      const reason = await probe(`/api/v1/bounces?email=${encodeURIComponent(subscriberEmail(1))}&limit=${PAGE}`);
      if (reason) return notAvailable(connections, reason);
      const variants = await measurePaths(server, settings, connections, [
        { name: 'email', path: '/api/v1/bounces?email=user<n>@mail<k>.example&limit=20', next: nextPath },
      ]);
      const { plans, note } = await explainList(settings.url, [{ label: `email = ${subscriberEmail(1)}`, filter: { emails: [subscriberEmail(1)] } }]);
      return {
        ...base,
        connections,
        available: true,
        reason: null,
        variants,
        plans,
        notes: [`a random one of the ${SUBSCRIBERS.toLocaleString('en')} subscribers each request (≈ 10 bounces each)`, note],
      };
    }
    case 'desk-bounces-domain': {
      const connections = settings.connections(id, 10);
      const next = random(202);
      // A subscriber drawn at random, then its domain: domains asked for as often as they are large.
      const nextPath = (): string => `/api/v1/bounces?domain=${subscriberDomain(1 + Math.floor(next() * SUBSCRIBERS))}&limit=${PAGE}`;
      const reason = await probe(`/api/v1/bounces?domain=${subscriberDomain(1)}&limit=${PAGE}`);
      if (reason) return notAvailable(connections, reason);
      const variants = await measurePaths(server, settings, connections, [
        { name: 'domain', path: '/api/v1/bounces?domain=mail<k>.example&limit=20', next: nextPath },
      ]);
      const sizes = await withClient(settings.url, async (client) => {
        const { rows } = await client.query<{ domain: string; n: number }>(
          `select split_part("email", '@', 2) as "domain", count(*)::int as "n" from "bounces" group by 1 order by 2 desc`,
        );
        return rows;
      });
      const largest = sizes[0];
      const smallest = sizes[sizes.length - 1];
      const middle = sizes[Math.floor(sizes.length / 2)];
      const { plans, note } = await explainList(
        settings.url,
        [largest, middle, smallest].map((size) => ({
          label: `domain = ${size.domain} (${size.n.toLocaleString('en')} bounces)`,
          filter: { domains: [size.domain] },
        })),
      );
      return {
        ...base,
        connections,
        available: true,
        reason: null,
        variants,
        plans,
        notes: [
          `the domain of a random subscriber each request: ${DOMAINS.toLocaleString('en')} domains, the largest ${largest.domain} with ${largest.n.toLocaleString('en')} bounces, ` +
            `the median ${middle.n.toLocaleString('en')}, the smallest ${smallest.n.toLocaleString('en')}`,
          note,
        ],
      };
    }
    case 'desk-bounces-campaign': {
      const connections = settings.connections(id, 10);
      const next = random(303);
      const now = Date.now();
      const DAY = 86_400_000;
      const window = (): { campaign: string; from: string; to: string } => {
        // A 7-day window ending on a day boundary within the last 90 days.
        const end = Math.floor(now / DAY) * DAY - Math.floor(next() * 83) * DAY;
        return {
          campaign: `campaign-${Math.floor(next() * CAMPAIGNS)}`,
          from: new Date(end - 7 * DAY).toISOString().replace('.000Z', 'Z'),
          to: new Date(end).toISOString().replace('.000Z', 'Z'),
        };
      };
      const pathOf = (w: { campaign: string; from: string; to: string }): string =>
        `/api/v1/bounces?campaign_id=${w.campaign}&from=${w.from}&to=${w.to}&limit=${PAGE}`;
      const first = window();
      const reason = await probe(pathOf(first));
      if (reason) return notAvailable(connections, reason);
      const variants = await measurePaths(server, settings, connections, [
        { name: 'campaign, 7 days', path: '/api/v1/bounces?campaign_id=campaign-<k>&from=<day-7>&to=<day>&limit=20', next: () => pathOf(window()) },
      ]);
      const { plans, note } = await explainList(settings.url, [
        {
          label: `campaign_id = ${first.campaign}, ${first.from} ≤ created_at < ${first.to}`,
          filter: { campaignIds: [first.campaign], from: new Date(first.from), to: new Date(first.to) },
        },
      ]);
      return {
        ...base,
        connections,
        available: true,
        reason: null,
        variants,
        plans,
        notes: [
          `a random one of ${CAMPAIGNS} campaigns and a 7-day window ending on a day within the last 90 days each request (≈ 1/50 × 7/364 of the bounces)`,
          note,
        ],
      };
    }
    case 'desk-bounces-deep': {
      const connections = settings.connections(id, 10);
      const offsetPath = `/api/v1/bounces?limit=${PAGE}&offset=${DEEP_OFFSET}`;
      const reason = await probe(offsetPath);
      if (reason) return notAvailable(connections, reason);
      // Offset pages are the spec's and always there: measured alone when this build has no cursor.
      const cursor = await deepCursor(server, settings);
      const offsetVariant = { name: `offset=${DEEP_OFFSET}`, path: offsetPath, next: () => offsetPath };
      if (cursor.cursor === null) {
        settings.log(`  cursor not available (${cursor.note}): offset alone`);
        const variants = await measurePaths(server, settings, connections, [offsetVariant]);
        return { ...base, connections, available: true, reason: null, variants, notes: [`cursor not available: ${cursor.note}`] };
      }
      const cursorPath = `/api/v1/bounces?limit=${PAGE}&cursor=${cursor.cursor}`;
      const variants = await measurePaths(server, settings, connections, [{ name: 'cursor', path: cursorPath, next: () => cursorPath }, offsetVariant]);
      const after = JSON.parse(Buffer.from(cursor.cursor, 'base64url').toString('utf8')) as (string | number)[];
      const { plans, note } = await explainList(settings.url, [
        { label: `after ${JSON.stringify(after)}`, filter: {}, page: { limit: PAGE, after }, what: 'cursor page' },
        { label: `offset ${DEEP_OFFSET}`, filter: {}, page: { limit: PAGE, offset: DEEP_OFFSET }, what: 'offset page' },
      ]);
      return { ...base, connections, available: true, reason: null, variants, plans, notes: [cursor.note, note] };
    }
    case 'desk-suppressions-export':
      return exportScenario(base, server, settings);
    case 'desk-suppressions-import':
      return importScenario(base, server, settings);
  }
}

/**
 * The cursor of the page after the 500,000th bounce (newest first). First as a caller gets it:
 * `next_cursor` of the page ending at that bounce (`offset=499980&limit=20`), when an offset page
 * answers one. Else built as the service builds it — base64url of the JSON `[created_at, id]` of
 * that row, `created_at` as RFC 3339 with microseconds — from the row read in the database. Either
 * way checked: the cursor's page must hold the same bounces as `offset=500000`'s.
 */
async function deepCursor(server: RunningServer, settings: DeskSettings): Promise<{ cursor: string | null; note: string }> {
  const headers = { 'X-API-Key': settings.apiKey };
  const idsOf = (body: string): string[] => {
    const data = (JSON.parse(body) as { data?: { items?: { id?: unknown; bounce_id?: unknown }[] } }).data;
    return (data?.items ?? []).map((item) => String(item.id ?? item.bounce_id));
  };
  const expected = await request(server.port, 'GET', `/api/v1/bounces?limit=${PAGE}&offset=${DEEP_OFFSET}`, headers);
  const expectedIds = idsOf(expected.body);
  const check = async (cursor: string): Promise<string | null> => {
    const answer = await request(server.port, 'GET', `/api/v1/bounces?limit=${PAGE}&cursor=${cursor}`, headers);
    if (answer.status !== 200) return unavailable('the cursor page', answer);
    const ids = idsOf(answer.body);
    return ids.join(',') === expectedIds.join(',')
      ? null
      : `the cursor page holds other bounces than offset=${DEEP_OFFSET} (${ids[0]} … against ${expectedIds[0]} …)`;
  };
  const before = await request(server.port, 'GET', `/api/v1/bounces?limit=${PAGE}&offset=${DEEP_OFFSET - PAGE}`, headers);
  let given: string | null = null;
  try {
    given = (JSON.parse(before.body) as { data?: { next_cursor?: string | null } }).data?.next_cursor ?? null;
  } catch {
    given = null;
  }
  if (given) {
    const problem = await check(given);
    if (problem === null)
      return { cursor: given, note: `cursor: next_cursor of offset=${DEEP_OFFSET - PAGE}&limit=${PAGE}, its page checked equal to offset=${DEEP_OFFSET}'s` };
    settings.log(`  next_cursor of the page before did not check: ${problem}`);
  }
  const row = await withClient(settings.url, async (client) => {
    const { rows } = await client.query<{ created_at: string; id: string }>(
      `select to_char("created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "created_at", "id"::text as "id"
         from "bounces" order by "created_at" desc, "id" desc offset ${DEEP_OFFSET - 1} limit 1`,
    );
    return rows[0];
  });
  const candidates = [
    [row.created_at, Number(row.id)],
    [row.created_at, row.id],
  ];
  let problem = 'no candidate';
  for (const candidate of candidates) {
    const cursor = Buffer.from(JSON.stringify(candidate), 'utf8').toString('base64url');
    const found = await check(cursor);
    if (found === null)
      return {
        cursor,
        note: `cursor: built from the ${DEEP_OFFSET.toLocaleString('en')}th bounce read in the database (${JSON.stringify(candidate)}), its page checked equal to offset=${DEEP_OFFSET}'s`,
      };
    problem = found;
  }
  return { cursor: null, note: problem };
}

async function exportScenario(
  base: Pick<DeskResult, 'id' | 'title' | 'variants' | 'plans' | 'notes'>,
  server: RunningServer,
  settings: DeskSettings,
): Promise<DeskResult> {
  const headers = { 'X-API-Key': settings.apiKey };
  const formats = ['csv', 'ndjson'] as const;
  // A small probe first: an endpoint that is not there answers at once.
  const probe = await download(server.port, `/api/v1/suppressions/export?format=csv&email=${encodeURIComponent('nobody@probe.example')}`, headers, true);
  if (probe.status === 404 || probe.status === 405) {
    const reason = `GET /api/v1/suppressions/export answered ${probe.status}${probe.error ? `: ${probe.error}` : ''}`;
    settings.log(`  not available: ${reason}`);
    return { ...base, connections: 1, available: false, reason };
  }
  const runs = new Map<string, DeskRun[]>(formats.map((format) => [format, []]));
  const expected = await withClient(settings.url, async (client) =>
    Number(
      (
        await client.query<{ n: string }>(
          `select (select count(*) from "subscribers" where "status" <> 'active') + (select count(*) from "address_states" where "status" <> 'active') as "n"`,
        )
      ).rows[0].n,
    ),
  );
  const notes: string[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const format of round % 2 === 1 ? formats : [...formats].reverse()) {
      const postmaster = settings.postmasterPid();
      const rss = sampleRss([server.pid], 50);
      const before = { server: cpuSecondsOf(server.pid), database: postmaster === null ? 0 : postgresCpuSeconds(postmaster) };
      const rssBefore = rssMbOf(server.pid);
      const done = await download(server.port, `/api/v1/suppressions/export?format=${format}`, headers, format === 'csv');
      const rssMax = rss.stop().get(server.pid) ?? null;
      const after = { server: cpuSecondsOf(server.pid), database: postmaster === null ? 0 : postgresCpuSeconds(postmaster) };
      if (done.status < 200 || done.status >= 300) {
        const reason = `GET /api/v1/suppressions/export?format=${format} answered ${done.status}${done.error ? `: ${done.error}` : ''}`;
        settings.log(`  not available: ${reason}`);
        return { ...base, connections: 1, available: false, reason, variants: [], notes };
      }
      if (round === 1) notes.push(`${format}: first line ${JSON.stringify(done.firstLine.slice(0, 160))}; ${(done.bytes / 2 ** 20).toFixed(1)} MB`);
      const seconds = done.totalMs / 1000;
      const run: DeskRun = {
        round,
        durationS: seconds,
        perSec: done.rows / seconds,
        unit: 'rows/s',
        p50Ms: done.firstByteMs,
        p99Ms: done.totalMs,
        maxMs: done.totalMs,
        ok2xx: 1,
        non2xx: 0,
        errors: 0,
        rows: done.rows,
        rssBeforeMb: rssBefore,
        rssMaxMb: rssMax,
        rssHwmMb: hwmMbOf(server.pid),
        serverCpuMs: (after.server - before.server) * 1000,
        databaseCpuMs: postmaster === null ? null : (after.database - before.database) * 1000,
        loadAverage: os.loadavg()[0],
        answer: { bytes: done.bytes, firstByteMs: done.firstByteMs },
      };
      runs.get(format)!.push(run);
      settings.log(
        `  round ${round} ${format}: ${done.rows.toLocaleString('en')} rows (${expected.toLocaleString('en')} suppressed) in ${seconds.toFixed(1)} s, ` +
          `${run.perSec.toFixed(0)} rows/s, first byte ${done.firstByteMs.toFixed(0)} ms, rss ${rssBefore?.toFixed(0)} → max ${rssMax?.toFixed(0)} MB`,
      );
    }
  }
  notes.push(`rows exported against the suppressed addresses in the database: ${expected.toLocaleString('en')}`);
  return {
    ...base,
    connections: 1,
    available: true,
    reason: null,
    variants: formats.map((format) => variantOf(format, `/api/v1/suppressions/export?format=${format}`, runs.get(format)!)),
    notes,
  };
}

/** The header of the service's own CSV: its export's first line when it has an export, else `OWN_CSV_HEADER`. */
async function importHeader(server: RunningServer, settings: DeskSettings): Promise<string[]> {
  const probe = await download(
    server.port,
    `/api/v1/suppressions/export?format=csv&email=${encodeURIComponent('nobody@probe.example')}`,
    { 'X-API-Key': settings.apiKey },
    true,
  );
  if (probe.status === 200 && probe.firstLine.includes('email')) return probe.firstLine.split(',').map((cell) => cell.replace(/^"|"$/g, '').trim());
  return OWN_CSV_HEADER;
}

/** One row of the import in the columns of `header`: the address, its status, a note; anything else left empty. */
function importRow(header: readonly string[], email: string, i: number): string {
  return header
    .map((column) => {
      if (column === 'email') return email;
      if (column === 'status') return i % 5 === 0 ? 'unsubscribed' : 'bounced';
      if (column === 'note') return `imported by the bench ${i % 7}`;
      if (column === 'reason') return i % 5 === 0 ? 'complaint' : 'hard-bounce';
      if (column === 'origin') return 'import';
      return '';
    })
    .join(',');
}

async function importScenario(
  base: Pick<DeskResult, 'id' | 'title' | 'variants' | 'plans' | 'notes'>,
  server: RunningServer,
  settings: DeskSettings,
): Promise<DeskResult> {
  const header = await importHeader(server, settings);
  const csv = (marker: string, rows: number): Buffer => {
    const lines = [header.join(',')];
    for (let i = 0; i < rows; i += 1) lines.push(importRow(header, `imp-${marker}-${i}@${subscriberDomain(i + 1)}`, i));
    return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  };
  const post = (body: Buffer): Promise<Answer> =>
    request(
      server.port,
      'POST',
      '/api/v1/suppressions/import',
      { 'X-API-Key': settings.apiKey, 'Content-Type': 'text/csv', 'Content-Length': String(body.length) },
      body,
    );
  const probe = await post(csv(`probe${Date.now()}`, 2));
  const reason = unavailable('POST /api/v1/suppressions/import', probe);
  if (reason) {
    settings.log(`  not available: ${reason}`);
    return { ...base, connections: 1, available: false, reason, notes: [`header ${header.join(',')}`] };
  }
  const notes = [
    `header ${header.join(',')}; each round imports ${IMPORT_ROWS.toLocaleString('en')} new addresses (imp-<round>-<i>@mail<k>.example)`,
    `probe of 2 rows answered ${probe.body.slice(0, 300)}`,
  ];
  const runs: DeskRun[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    const body = csv(`${Date.now().toString(36)}r${round}`, IMPORT_ROWS);
    const postmaster = settings.postmasterPid();
    const rssBefore = rssMbOf(server.pid);
    const rss = sampleRss([server.pid], 50);
    const before = { server: cpuSecondsOf(server.pid), database: postmaster === null ? 0 : postgresCpuSeconds(postmaster) };
    const started = process.hrtime.bigint();
    const answer = await post(body);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const rssMax = rss.stop().get(server.pid) ?? null;
    const after = { server: cpuSecondsOf(server.pid), database: postmaster === null ? 0 : postgresCpuSeconds(postmaster) };
    let data: unknown = answer.body.slice(0, 500);
    try {
      data = (JSON.parse(answer.body) as { data?: unknown }).data ?? data;
    } catch {
      // kept as text
    }
    const ok = answer.status >= 200 && answer.status < 300;
    runs.push({
      round,
      durationS: ms / 1000,
      perSec: ok ? IMPORT_ROWS / (ms / 1000) : 0,
      unit: 'rows/s',
      p50Ms: ms,
      p99Ms: ms,
      maxMs: ms,
      ok2xx: ok ? 1 : 0,
      non2xx: ok ? 0 : 1,
      errors: 0,
      rows: IMPORT_ROWS,
      rssBeforeMb: rssBefore,
      rssMaxMb: rssMax,
      rssHwmMb: hwmMbOf(server.pid),
      serverCpuMs: (after.server - before.server) * 1000,
      databaseCpuMs: postmaster === null ? null : (after.database - before.database) * 1000,
      loadAverage: os.loadavg()[0],
      answer: { status: answer.status, bytes: body.length, data: trimAnswer(data) },
    });
    settings.log(
      `  round ${round}: ${answer.status} after ${(ms / 1000).toFixed(1)} s, ${ok ? (IMPORT_ROWS / (ms / 1000)).toFixed(0) : '-'} rows/s, ` +
        `rss max ${rssMax?.toFixed(0)} MB; ${JSON.stringify(trimAnswer(data)).slice(0, 200)}`,
    );
  }
  return { ...base, connections: 1, available: true, reason: null, variants: [variantOf('import', '/api/v1/suppressions/import', runs)], notes };
}

/** The counts of an import's answer, without a list of thousands of invalid lines. */
function trimAnswer(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data;
  return Object.fromEntries(
    Object.entries(data as Record<string, unknown>).map(([key, value]) => [
      key,
      Array.isArray(value) ? { length: value.length, first: value.slice(0, 3) } : value,
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Report

export function formatDesk(result: DeskResult): string {
  const lines = [`${result.title}  [${result.id}, ${result.connections} connection${result.connections === 1 ? '' : 's'}]`];
  if (!result.available) return [...lines, `not available: ${result.reason}`].join('\n');
  const transfer = result.variants.some((variant) => variant.runs.some((run) => run.unit === 'rows/s'));
  for (const variant of result.variants) {
    const runs = variant.runs
      .map((run) =>
        transfer
          ? `${fmt(run.perSec)} rows/s (${fmt(run.durationS, 1)} s${run.rows === null ? '' : `, ${run.rows.toLocaleString('en')} rows`}, ` +
            `rss ${fmt(run.rssBeforeMb ?? Number.NaN)} → max ${fmt(run.rssMaxMb ?? Number.NaN)} MB, hwm ${fmt(run.rssHwmMb ?? Number.NaN)} MB)`
          : `${fmt(run.perSec, 1)} (p99 ${fmt(run.p99Ms)} ms${run.non2xx + run.errors > 0 ? `, ${run.non2xx + run.errors} not 2xx` : ''})`,
      )
      .join('; ');
    const cpu = median(variant.runs.map((run) => run.serverCpuMs));
    const db = variant.runs.some((run) => run.databaseCpuMs === null) ? Number.NaN : median(variant.runs.map((run) => run.databaseCpuMs!));
    lines.push(
      transfer
        ? `  ${variant.name.padEnd(18)} median ${fmt(variant.medianPerSec)} rows/s; service rss max ${fmt(variant.rssMaxMb ?? Number.NaN)} MB; ` +
            `CPU ms per transfer node ${fmt(cpu)} + postgres ${fmt(db)}; rounds: ${runs}`
        : `  ${variant.name.padEnd(18)} median ${fmt(variant.medianPerSec, 1)} pages/s, p50 ${fmt(variant.medianP50Ms)} ms, p99 ${fmt(variant.medianP99Ms)} ms; ` +
            `CPU ms per page node ${fmt(cpu, 2)} + postgres ${fmt(db, 2)}; rounds: ${runs}`,
    );
  }
  for (const plan of result.plans)
    lines.push(
      `  plan, ${plan.what}: ${plan.scans.join(' / ')}${plan.executionMs === null ? '' : ` (${fmt(plan.executionMs, 1)} ms)`}${plan.seqScanOfBounces ? '  <- SEQUENTIAL SCAN of bounces' : ''}`,
    );
  for (const note of result.notes) lines.push(`  ${note}`);
  return lines.join('\n');
}

/** The desk's lines of the targets: no sequential scan of the bounces for a filtered first page; the rest reported. */
export function deskTargets(results: readonly DeskResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const result of results) {
    if (!result.available) {
      checks.push({ name: `${result.id}`, measured: 'not available', goal: 'reported', met: true });
      continue;
    }
    for (const variant of result.variants) {
      const transfer = variant.runs.some((run) => run.unit === 'rows/s');
      const label = `${result.id} ${variant.name}`;
      checks.push(
        transfer
          ? {
              name: `${label}: rows/s; rss max MB`,
              measured: `${fmt(variant.medianPerSec)}; ${fmt(variant.rssMaxMb ?? Number.NaN)}`,
              goal: 'reported',
              met: true,
            }
          : { name: `${label}: pages/s; p99 ms`, measured: `${fmt(variant.medianPerSec, 1)}; ${fmt(variant.medianP99Ms)}`, goal: 'reported', met: true },
      );
    }
    const pages = result.plans.filter((plan) => plan.what.startsWith('first page'));
    if (pages.length > 0) {
      const seq = result.plans.filter((plan) => plan.seqScanOfBounces);
      checks.push({
        name: `${result.id}: plan of the first page and its total`,
        measured: seq.length === 0 ? 'no Seq Scan on bounces' : `Seq Scan: ${seq.map((plan) => plan.what).join('; ')}`,
        goal: 'no Seq Scan on bounces',
        met: seq.length === 0,
      });
    }
  }
  return checks;
}
