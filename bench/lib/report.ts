import type autocannon from 'autocannon';
/**
 * `baseline`: the peer, bench/baseline/server.ts, the service's design by hand; `minimal`: the
 * floor, bench/baseline/minimal-server.ts, the least work the contract allows for one event
 * (single-event scenarios only).
 */
export type Target = 'baseline' | 'service' | 'minimal';

export interface Measurement {
  readonly target: Target;
  readonly round: number;
  readonly durationS: number;
  /** 2xx answers per second. */
  readonly requestsPerSec: number;
  /** Events carried by 2xx answers per second (ingestion only). */
  readonly eventsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly rssMaxMb: number | null;
  readonly generatedInline: number;
  /** CPU milliseconds per 2xx request: the server process, and PostgreSQL (null when not on this machine). */
  readonly serverCpuMsPerRequest: number;
  readonly databaseCpuMsPerRequest: number | null;
  /** The machine's 1-minute load average at the end of the run (other work weighs on the figures). */
  readonly loadAverage: number;
  /** How long the database took to fall idle after the run (requests cut off at the end). */
  readonly drainMs: number;
  readonly verification: Verification | null;
}

export interface Verification {
  readonly acknowledgedNewEvents: number;
  readonly generatedNewEvents: number;
  readonly stored: number;
  readonly unapplied: number;
  /** Every acknowledged event stored once (no more than were sent) and applied to its subscriber. */
  readonly ok: boolean;
}

export interface RoundResult {
  readonly round: number;
  readonly order: readonly Target[];
  readonly baseline: Measurement;
  readonly service: Measurement;
  /** The floor's run, in the single-event scenarios; null elsewhere. */
  readonly minimal: Measurement | null;
  /** service / baseline, of 2xx requests per second. */
  readonly throughputRatio: number;
  /** service / baseline, of p99 latency. */
  readonly p99Ratio: number;
  /** service / minimal, of 2xx requests per second (null without the floor). */
  readonly minimalThroughputRatio: number | null;
  /** service / minimal, of p99 latency (null without the floor). */
  readonly minimalP99Ratio: number | null;
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly connections: number;
  readonly rounds: readonly RoundResult[];
  readonly medianThroughputRatio: number;
  readonly medianP99Ratio: number;
  /** Medians of the per-round service / minimal ratios; null when the floor did not run. */
  readonly medianMinimalThroughputRatio: number | null;
  readonly medianMinimalP99Ratio: number | null;
  readonly service: Summary;
  readonly baseline: Summary;
  readonly minimal: Summary | null;
}

export interface Summary {
  readonly medianRequestsPerSec: number;
  readonly medianEventsPerSec: number;
  readonly medianP50Ms: number;
  readonly medianP99Ms: number;
  readonly medianServerCpuMsPerRequest: number;
  readonly medianDatabaseCpuMsPerRequest: number | null;
  readonly errors: number;
  readonly rssMaxMb: number | null;
  readonly verified: boolean | null;
}

export interface TargetCheck {
  readonly name: string;
  readonly measured: string;
  readonly goal: string;
  readonly met: boolean;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarise(rounds: readonly RoundResult[], target: Target): Summary {
  const runs = rounds.map((round) => round[target]).filter((run): run is Measurement => run !== null);
  const rss = runs.map((run) => run.rssMaxMb).filter((value): value is number => value !== null);
  const verifications = runs.map((run) => run.verification).filter((value): value is Verification => value !== null);
  return {
    medianRequestsPerSec: median(runs.map((run) => run.requestsPerSec)),
    medianEventsPerSec: median(runs.map((run) => run.eventsPerSec)),
    medianP50Ms: median(runs.map((run) => run.p50Ms)),
    medianP99Ms: median(runs.map((run) => run.p99Ms)),
    medianServerCpuMsPerRequest: median(runs.map((run) => run.serverCpuMsPerRequest)),
    medianDatabaseCpuMsPerRequest: runs.some((run) => run.databaseCpuMsPerRequest === null) ? null : median(runs.map((run) => run.databaseCpuMsPerRequest!)),
    errors: runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0),
    rssMaxMb: rss.length === 0 ? null : Math.max(...rss),
    verified: verifications.length === 0 ? null : verifications.every((verification) => verification.ok),
  };
}

const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** Columns right-aligned, but the first when `leftFirst`. */
function table(header: readonly string[], rows: readonly (readonly string[])[], leftFirst = false): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (leftFirst && column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const cpu = (summary: Summary): string =>
  `node ${fixed(summary.medianServerCpuMsPerRequest, 2)} + postgres ${summary.medianDatabaseCpuMsPerRequest === null ? '-' : fixed(summary.medianDatabaseCpuMsPerRequest, 2)}`;

export function formatScenario(result: ScenarioResult): string {
  const batch = result.rounds.some((round) => round.service.eventsPerSec > round.service.requestsPerSec * 1.5);
  const floor = result.minimal !== null;
  const header = [
    'round',
    floor ? 'order' : 'first',
    'base req/s',
    ...(batch ? ['base ev/s'] : []),
    'p50',
    'p99',
    'err',
    'svc req/s',
    ...(batch ? ['svc ev/s'] : []),
    'p50',
    'p99',
    'err',
    ...(floor ? ['min req/s', 'p50', 'p99', 'err'] : []),
    'thr ratio',
    'p99 ratio',
    ...(floor ? ['thr /min', 'p99 /min'] : []),
  ];
  const side = (run: Measurement): string[] => [
    fixed(run.requestsPerSec, 1),
    ...(batch ? [fixed(run.eventsPerSec)] : []),
    fixed(run.p50Ms, 1),
    fixed(run.p99Ms, 1),
    String(run.non2xx + run.errors),
  ];
  const rows = result.rounds.map((round) => [
    String(round.round),
    // With the floor, the whole order by initials (`bsm`: baseline, service, minimal).
    floor ? round.order.map((target) => target[0]).join('') : round.order[0],
    ...side(round.baseline),
    ...side(round.service),
    ...(round.minimal ? side(round.minimal) : []),
    fixed(round.throughputRatio, 2),
    fixed(round.p99Ratio, 2),
    ...(floor ? [fixed(round.minimalThroughputRatio ?? Number.NaN, 2), fixed(round.minimalP99Ratio ?? Number.NaN, 2)] : []),
  ]);
  const verified = (summary: Summary): string =>
    summary.verified === null ? '' : summary.verified ? ', every acknowledged event stored and applied' : ', VERIFICATION FAILED';
  return [
    `${result.title}  [${result.id}, ${result.connections} connections]`,
    table(header, rows),
    `median ratio service/baseline: throughput ${fixed(result.medianThroughputRatio, 2)}, p99 ${fixed(result.medianP99Ratio, 2)}` +
      `; service rss max ${fixed(result.service.rssMaxMb ?? Number.NaN)} MB${verified(result.service)}`,
    ...(result.minimal === null
      ? []
      : [
          `median ratio service/minimal (the floor): throughput ${fixed(result.medianMinimalThroughputRatio ?? Number.NaN, 2)}, ` +
            `p99 ${fixed(result.medianMinimalP99Ratio ?? Number.NaN, 2)}${verified(result.minimal).replace(/^,/, '; minimal:')}`,
        ]),
    `CPU ms per request (median; load-independent): baseline ${cpu(result.baseline)}, service ${cpu(result.service)}` +
      (result.minimal === null ? '' : `, minimal ${cpu(result.minimal)}`),
  ].join('\n');
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  return table(
    ['target', 'measured', 'goal', 'met'],
    checks.map((check) => [check.name, check.measured, check.goal, check.met ? 'yes' : 'NO']),
    true,
  );
}

export function fmt(value: number, digits = 0): string {
  return fixed(value, digits);
}

/**
 * What a run's answers were: its latencies (none when nothing was answered 2xx: autocannon says
 * 0 then), how many were 2xx (`ok`, counted by the caller), not, or not answered at all.
 */
export function answersOf(result: autocannon.Result, ok: number): Pick<Measurement, 'p50Ms' | 'p99Ms' | 'maxMs' | 'ok2xx' | 'non2xx' | 'errors'> {
  return {
    p50Ms: ok === 0 ? Number.NaN : result.latency.p50,
    p99Ms: ok === 0 ? Number.NaN : result.latency.p99,
    maxMs: ok === 0 ? Number.NaN : result.latency.max,
    ok2xx: ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
