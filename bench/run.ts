/**
 * `npm run bench`: the service against a hand-written `node:http` + `pg` baseline doing the
 * same work, scenario by scenario, alternating in rounds in one run, and, in the single-event
 * scenarios, against a second, minimal baseline too (the floor: the least work the contract
 * allows for one event), the three in an order rotated each round, on a fresh database of
 * 100,000 subscribers and 1,000,000 bounces. Prints a table per scenario and the targets of
 * the performance issue, and writes everything as JSON under bench/results/. See
 * bench/README.md for the settings (BENCH_* environment variables) and the recorded figures.
 */
import autocannon from 'autocannon';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baselineMains, BUILD_DIR, buildAll, ROOT } from './lib/build';
import { CLASSIFICATION_MIX, CLASSIFICATION_TARGET_PER_SEC, type ClassificationMeasure, measureClassification } from './lib/classification';
import { measureNpmStart, NPM_START_TARGETS, type NpmStartTimes } from './lib/npm-start';
import { BOUNCES, openDatabase, seed, serverFacts, SUBSCRIBERS, waitUntilIdle, withClient, type BenchDatabase } from './lib/database';
import { cpuSecondsOf, killAll, postgresCpuSeconds, type RunningServer, sampleRss, serviceNodeOptions, startServer } from './lib/processes';
import {
  fmt,
  formatScenario,
  formatTargets,
  median,
  type Measurement,
  type RoundResult,
  type ScenarioResult,
  summarise,
  type Target,
  type TargetCheck,
} from './lib/report';
import { type RequestSource, requestsOf, type Scenario, scenarios } from './lib/scenarios';
import {
  chosenDeskScenarios,
  DESK_GROUP,
  DESK_SCENARIO_IDS,
  type DeskResult,
  deskTargets,
  formatDesk,
  runDeskScenario,
  seedDesk,
  SUPPRESSED,
} from './lib/desk';
import {
  formatRetention,
  migratedPartitionSignature,
  prepareRetentionDatabase,
  RETENTION_GROUP,
  type RetentionDatabase,
  type RetentionResult,
  runRetentionGroup,
} from './lib/retention';
import {
  backfillStatistics,
  chosenEventsScenarios,
  type DeliveryResult,
  deleteEndpoint,
  drainBacklog,
  EVENTS_GROUP,
  EVENTS_SCENARIO_IDS,
  eventsTargets,
  formatEvents,
  Receiver,
  registerEndpoint,
  type RegisteredEndpoint,
  runOutboundDelivery,
  runStatsBounces,
  type StatsResult,
  type WithEndpointsResult,
} from './lib/events';

const env = process.env;
const number = (name: string, fallback: number): number => {
  const value = Number(env[name]);
  return env[name] && Number.isFinite(value) && value > 0 ? value : fallback;
};
const CONFIG = {
  durationS: number('BENCH_DURATION', 5),
  /** A 1000-event batch takes seconds: its runs are longer, so that each completes enough of them. */
  batchDurationS: number('BENCH_BATCH_DURATION', 2 * number('BENCH_DURATION', 5)),
  rounds: Math.round(number('BENCH_ROUNDS', 3)),
  warmupS: number('BENCH_WARMUP', 15),
  starts: Math.round(number('BENCH_STARTS', 3)),
  scenarios: (env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0),
  gitRef: env.BENCH_GIT_REF?.trim() || null,
  skipBuild: env.BENCH_SKIP_BUILD === '1',
  cpuProfile: env.BENCH_CPU_PROF === '1',
  output: env.BENCH_OUTPUT?.trim() || null,
  strict: env.BENCH_STRICT === '1',
  /** `BENCH_NPM_START=0` skips the measure of `npm start` of the working tree. */
  npmStart: env.BENCH_NPM_START !== '0',
  /** Seconds of the micro-measure of `classifyBounce` alone; 0 skips it. */
  classificationS: env.BENCH_CLASSIFICATION_SECONDS === '0' ? 0 : number('BENCH_CLASSIFICATION_SECONDS', 3),
};

/**
 * The targets (raised for several instances on one database: bench/README.md, "Targets"; the
 * earlier ones were 0.6, 2, 10,000 events/s, 50 ms and 300 MB).
 */
const TARGETS = {
  singleThroughputRatio: 1.0,
  singleP99Ratio: 1.5,
  /** service / minimal baseline (the floor), of throughput, in the single-event scenarios. */
  singleMinimalThroughputRatio: 0.5,
  batchEventsPerSec: 20_000,
  listFirstPagesPerSec: 200,
  checkP99Ms: 25,
  rssMb: 200,
  readyMs: 3000,
  inboundMessagesPerSec: 500,
};
const SINGLE_EVENT = ['api-bounce', 'sendgrid-single', 'sendgrid-redelivered'];
/** The scenarios that post batches of 1000 events: longer rounds, fewer pre-generated requests, events/s against the batch target. */
const BATCH = ['sendgrid-batch', 'sparkpost-batch'];

const log = (message: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main(): Promise<void> {
  const started = Date.now();
  const loadAverageAtStart = os.loadavg();
  if (loadAverageAtStart[0] > 1)
    log(`Load average ${loadAverageAtStart.map((load) => load.toFixed(1)).join(' ')}: other work on this machine will weigh on the figures`);
  const resultsDir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });

  log(CONFIG.skipBuild ? 'Using the previous build (BENCH_SKIP_BUILD=1)' : `Building the service (${CONFIG.gitRef ?? 'working tree'}) and the baselines`);
  const build = CONFIG.skipBuild
    ? { serviceMain: path.join(BUILD_DIR, 'service/src/main.js'), ...baselineMains(), source: 'previous build' }
    : buildAll(CONFIG.gitRef);

  const apiKey = `mpk_bench_${randomBytes(24).toString('base64url')}`;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const sendgridPublicKey = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const sparkpostCredentials = `bench:${randomBytes(18).toString('base64url')}`;

  let npmStart: NpmStartTimes | null = null;
  if (CONFIG.npmStart) {
    log('npm start of the working tree: the first time (no compile cache, a new DATA_DIR), then again');
    npmStart = await measureNpmStart(CONFIG.starts);
    log(`  ready after ${fmt(npmStart.firstMs)} ms the first time, then ${npmStart.laterMs.map((ms) => fmt(ms)).join(', ')} ms`);
  }

  let classification: ClassificationMeasure | null = null;
  if (CONFIG.classificationS > 0) {
    log(`classifyBounce alone, over a mix of ${CLASSIFICATION_MIX.length} bounces, for ${CONFIG.classificationS} s`);
    classification = measureClassification(CONFIG.classificationS);
    log(
      `  ${fmt(classification.perSec)} classifications per CPU second (${fmt(classification.microsEach, 1)} µs each; ` +
        `${fmt(classification.senderShare * 100)} % of the mix refusals of the sender)`,
    );
  }

  let database: BenchDatabase | null = null;
  let largeDatabase: RetentionDatabase | null = null;
  const servers: RunningServer[] = [];
  const abort = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping`);
    killAll();
    void Promise.all([database?.drop(), largeDatabase?.database?.drop()]).finally(() => process.exit(130));
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);

  try {
    database = await openDatabase(log);
    const url = database.url;
    const serviceEnv = {
      DATABASE_URL: url,
      BOOTSTRAP_API_KEY: apiKey,
      SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridPublicKey,
      SPARKPOST_WEBHOOK_BASIC_AUTH: sparkpostCredentials,
      LOG_LEVEL: 'warn',
      // The API's per-key rate limit would turn the load into 429s: the bench measures the work.
      API_RATE_LIMIT_PER_MINUTE: '0',
      // Outbound webhooks are delivered to receivers of this machine (http://127.0.0.1) by the service's worker.
      OUTBOUND_WEBHOOKS_ALLOW_INSECURE: 'true',
      OUTBOUND_WEBHOOKS_WORKER: 'true',
    };
    // As `npm start`, `npm run start:prod` and the Dockerfile start it (docs/configuration.md, "Memory").
    const nodeArgs = serviceNodeOptions(ROOT);
    log(`The service's Node.js options: ${nodeArgs.join(' ') || '(none)'}`);
    const serviceArgs = [...nodeArgs, ...(CONFIG.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(resultsDir, 'profiles')}`] : [])];

    log("Migrating: the service's first start on the empty database");
    const first = await startServer('service', build.serviceMain, serviceEnv, nodeArgs);
    log(`  ready after ${fmt(first.readyMs)} ms (migrations included)`);
    await first.stop();
    // The retention group compares its large database's partitions with one as the migration made it.
    const retentionChosen = CONFIG.scenarios.includes(RETENTION_GROUP);
    const migratedSignature = retentionChosen ? await migratedPartitionSignature(url) : null;

    log(`Seeding ${SUBSCRIBERS.toLocaleString('en')} subscribers and ${BOUNCES.toLocaleString('en')} bounces`);
    const seedStart = Date.now();
    await seed(url, createHash('sha256').update(apiKey).digest('hex'));
    const seedS = (Date.now() - seedStart) / 1000;
    log(`  seeded in ${seedS.toFixed(1)} s`);
    // The seed's bounces were inserted after the migrations ran: counted now by the service's own backfill.
    const statisticsBackfill = await backfillStatistics(url);
    if (statisticsBackfill)
      log(
        `  statistics' counters backfilled from the seeded bounces in ${statisticsBackfill.seconds.toFixed(1)} s (${statisticsBackfill.rows.toLocaleString('en')} rows)`,
      );
    const pg = await serverFacts(url);

    log('Starting the baseline');
    const baseline = await startServer('baseline', build.baselineMain, {
      DATABASE_URL: url,
      SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridPublicKey,
      SPARKPOST_WEBHOOK_BASIC_AUTH: sparkpostCredentials,
    });
    servers.push(baseline);
    // The floor, only when a single-event scenario is to run: it serves nothing else.
    let minimal: RunningServer | null = null;
    if (CONFIG.scenarios.length === 0 || CONFIG.scenarios.some((id) => SINGLE_EVENT.includes(id))) {
      log('Starting the minimal baseline (the floor of the single-event scenarios)');
      minimal = await startServer('minimal', build.minimalMain, { DATABASE_URL: url, SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridPublicKey });
      servers.push(minimal);
    }

    const readyMs: number[] = [];
    let service: RunningServer | null = null;
    for (let start = 1; start <= CONFIG.starts; start += 1) {
      const candidate = await startServer('service', build.serviceMain, serviceEnv, start === CONFIG.starts ? serviceArgs : nodeArgs);
      readyMs.push(candidate.readyMs);
      log(
        `Service start ${start}/${CONFIG.starts} on the existing database: ready after ${fmt(candidate.readyMs)} ms, rss ${fmt(candidate.rssMb() ?? Number.NaN)} MB`,
      );
      if (start < CONFIG.starts) await candidate.stop();
      else service = candidate;
    }
    servers.push(service!);
    const idleRssMb = service!.rssMb();

    const all = scenarios({ apiKey, sendgridKey: privateKey, sparkpostCredentials }, (id, fallback) =>
      number(`BENCH_CONNECTIONS_${id.toUpperCase().replace(/-/g, '_')}`, fallback),
    );
    const chosen = CONFIG.scenarios.length === 0 ? all : all.filter((scenario) => CONFIG.scenarios.includes(scenario.id));
    const chosenDesk = chosenDeskScenarios(CONFIG.scenarios);
    const chosenEvents = chosenEventsScenarios(CONFIG.scenarios);
    if (chosen.length === 0 && chosenDesk.length === 0 && chosenEvents.length === 0 && !retentionChosen)
      throw new Error(
        `BENCH_SCENARIOS=${CONFIG.scenarios.join(',')} names no scenario (${[...all.map((s) => s.id), ...DESK_SCENARIO_IDS, DESK_GROUP, ...EVENTS_SCENARIO_IDS, EVENTS_GROUP, RETENTION_GROUP].join(', ')})`,
      );

    const running: Record<Target, RunningServer | null> = { baseline, service: service!, minimal };
    const results: ScenarioResult[] = [];
    let runIndex = 0;
    for (const scenario of chosen) {
      const durationS = BATCH.includes(scenario.id) ? CONFIG.batchDurationS : CONFIG.durationS;
      const withFloor = minimal !== null && SINGLE_EVENT.includes(scenario.id);
      const targets: Target[] = withFloor ? ['baseline', 'service', 'minimal'] : ['baseline', 'service'];
      const pids = targets.map((target) => running[target]!.pid);
      log(`Scenario ${scenario.id}: ${CONFIG.warmupS} s warm-up each (${targets.join(', ')}), then ${CONFIG.rounds} rounds of ${durationS} s`);
      const estimate = new Map<Target, number>();
      for (const target of targets) {
        const warm = await measure(scenario, target, running[target]!, 0, CONFIG.warmupS, `w${runIndex++}`, database, 0);
        estimate.set(target, warm.requestsPerSec);
      }
      const rounds: RoundResult[] = [];
      for (let round = 1; round <= CONFIG.rounds; round += 1) {
        // Rotated each round: two alternate; of three, each runs first, second and last once in three rounds.
        const shift = (round - 1) % targets.length;
        const order: Target[] = [...targets.slice(shift), ...targets.slice(0, shift)];
        const runs: Partial<Record<Target, Measurement>> = {};
        for (const target of order) {
          const rate = Math.max(estimate.get(target) ?? 0, 10);
          const run = await measure(scenario, target, running[target]!, round, durationS, `r${runIndex++}`, database, Math.ceil(rate * durationS * 1.5), pids);
          runs[target] = run;
          estimate.set(target, Math.max(rate, run.requestsPerSec));
        }
        const [base, svc, floor] = [runs.baseline!, runs.service!, runs.minimal ?? null];
        rounds.push({
          round,
          order,
          baseline: base,
          service: svc,
          minimal: floor,
          throughputRatio: svc.requestsPerSec / base.requestsPerSec,
          p99Ratio: svc.p99Ms / base.p99Ms,
          minimalThroughputRatio: floor === null ? null : svc.requestsPerSec / floor.requestsPerSec,
          minimalP99Ratio: floor === null ? null : svc.p99Ms / floor.p99Ms,
        });
        const last = rounds[rounds.length - 1];
        log(
          `  round ${round}: baseline ${fmt(base.requestsPerSec, 1)} req/s p99 ${fmt(base.p99Ms, 1)} ms, ` +
            `service ${fmt(svc.requestsPerSec, 1)} req/s p99 ${fmt(svc.p99Ms, 1)} ms, ` +
            (floor === null ? '' : `minimal ${fmt(floor.requestsPerSec, 1)} req/s p99 ${fmt(floor.p99Ms, 1)} ms, `) +
            `ratio ${fmt(last.throughputRatio, 2)}${last.minimalThroughputRatio === null ? '' : `, to the minimal ${fmt(last.minimalThroughputRatio, 2)}`}; ` +
            `load average ${order.map((target) => `${target} ${fmt(runs[target]!.loadAverage, 1)}`).join(', ')}`,
        );
      }
      const floorMedian = (pick: (round: RoundResult) => number | null): number | null =>
        withFloor ? median(rounds.map((round) => pick(round) ?? Number.NaN)) : null;
      const result: ScenarioResult = {
        id: scenario.id,
        title: scenario.title,
        connections: scenario.connections,
        rounds,
        medianThroughputRatio: median(rounds.map((round) => round.throughputRatio)),
        medianP99Ratio: median(rounds.map((round) => round.p99Ratio)),
        medianMinimalThroughputRatio: floorMedian((round) => round.minimalThroughputRatio),
        medianMinimalP99Ratio: floorMedian((round) => round.minimalP99Ratio),
        service: summarise(rounds, 'service'),
        baseline: summarise(rounds, 'baseline'),
        minimal: withFloor ? summarise(rounds, 'minimal') : null,
      };
      results.push(result);
      console.log(`\n${formatScenario(result)}\n`);
    }

    // Rates, alerts and outbound events: the service alone, on the seeded data.
    const eventsResults: (DeliveryResult | StatsResult | WithEndpointsResult)[] = [];
    const eventsSettings = {
      apiKey,
      url,
      rounds: CONFIG.rounds,
      durationS: CONFIG.durationS,
      warmupS: CONFIG.warmupS,
      bounces: number('BENCH_OUTBOUND_BOUNCES', 2000),
      connections: (scenarioId: string, fallback: number) => number(`BENCH_CONNECTIONS_${scenarioId.toUpperCase().replace(/-/g, '_')}`, fallback),
      cpuSecondsOf: (pid: number) => cpuSecondsOf(pid),
      log,
    };
    for (const id of chosenEvents) {
      log(`Scenario ${id}`);
      const result =
        id === 'outbound-delivery'
          ? await runOutboundDelivery(service!, eventsSettings)
          : id === 'stats-bounces'
            ? await runStatsBounces(service!, eventsSettings)
            : await ingestionWithEndpoints(
                all.find((scenario) => scenario.id === 'sendgrid-single')!,
                service!,
                database,
                apiKey,
              );
      eventsResults.push(result);
      await waitUntilIdle(url);
      console.log(`\n${formatEvents(result)}\n`);
    }

    // The operator's desk, after the others: its seed (a million suppressed addresses) is added
    // once, here, so that the scenarios above run on the data they always ran on.
    const deskResults: DeskResult[] = [];
    let deskSeed: { added: number; suppressedBefore: number; seconds: number } | null = null;
    if (chosenDesk.length > 0) {
      log(`Seeding the operator's desk: suppressed addresses up to ${SUPPRESSED.toLocaleString('en')}`);
      const deskStart = Date.now();
      const added = await seedDesk(url);
      deskSeed = { ...added, seconds: (Date.now() - deskStart) / 1000 };
      log(`  ${added.added.toLocaleString('en')} added to ${added.suppressedBefore.toLocaleString('en')} in ${deskSeed.seconds.toFixed(1)} s`);
      for (const id of chosenDesk) {
        log(`Scenario ${id}: ${CONFIG.warmupS} s warm-up, then ${CONFIG.rounds} rounds of ${CONFIG.durationS} s (transfers: one each a round)`);
        const result = await runDeskScenario(id, service!, {
          durationS: CONFIG.durationS,
          warmupS: CONFIG.warmupS,
          rounds: CONFIG.rounds,
          connections: (scenarioId, fallback) => number(`BENCH_CONNECTIONS_${scenarioId.toUpperCase().replace(/-/g, '_')}`, fallback),
          apiKey,
          url,
          postmasterPid: () => database!.postmasterPid(),
          log,
        });
        deskResults.push(result);
        await waitUntilIdle(url);
        console.log(`\n${formatDesk(result)}\n`);
      }
    }

    // Retention at 50 million bounces: a second, large database, measured beside this one.
    let retention: RetentionResult | null = null;
    if (retentionChosen) {
      const { DATABASE_URL: _usualDatabase, ...largeEnv } = serviceEnv;
      largeDatabase = await prepareRetentionDatabase(build.serviceMain, largeEnv, apiKey, log);
      retention = await runRetentionGroup(
        {
          serviceMain: build.serviceMain,
          serviceEnv: largeEnv,
          nodeArgs,
          apiKey,
          scenarios: all,
          usual: { side: 'usual', url, service: service! },
          referenceSignature: migratedSignature!,
          rounds: CONFIG.rounds,
          durationS: CONFIG.durationS,
          batchDurationS: CONFIG.batchDurationS,
          warmupS: CONFIG.warmupS,
          log,
        },
        largeDatabase,
      );
      console.log(`\n${formatRetention(retention)}\n`);
    }

    const bounceRows = await withClient(url, async (client) => Number((await client.query<{ n: string }>('select count(*) as "n" from "bounces"')).rows[0].n));
    const checks = [...targetChecks(results, readyMs, npmStart, classification), ...deskTargets(deskResults), ...eventsTargets(eventsResults)];
    const summaryTable = formatTargets(checks);

    console.log('\nAll scenarios (medians of the per-round ratios service/baseline, and service/minimal where the floor ran)');
    for (const result of results) {
      const floor =
        result.medianMinimalThroughputRatio === null
          ? ''
          : `  /minimal: throughput ${fmt(result.medianMinimalThroughputRatio, 2)}  p99 ${fmt(result.medianMinimalP99Ratio ?? Number.NaN, 2)}`;
      console.log(
        `  ${result.id.padEnd(22)} throughput ${fmt(result.medianThroughputRatio, 2)}  p99 ${fmt(result.medianP99Ratio, 2)}${floor}  service errors ${result.service.errors}`,
      );
    }
    console.log(`\nTargets\n${summaryTable}\n`);

    const report = {
      date: new Date().toISOString(),
      loadAverageAtEnd: os.loadavg(),
      built: build.source,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        kernel: `${os.type()} ${os.release()}`,
        node: process.version,
        postgres: pg.version,
        postgresSettings: pg.settings,
        database: database.description,
      },
      config: { ...CONFIG, connections: Object.fromEntries(chosen.map((scenario) => [scenario.id, scenario.connections])) },
      loadAverageAtStart,
      data: { subscribers: SUBSCRIBERS, seededBounces: BOUNCES, bouncesAtEnd: bounceRows, seedSeconds: seedS },
      startup: { readyMs, idleRssMb, npmStart },
      classification,
      targets: checks,
      scenarios: results,
      operatorsDesk: deskSeed === null ? null : { seed: deskSeed, scenarios: deskResults },
      statisticsBackfill,
      retention,
      ratesAndEvents: eventsResults.length === 0 ? null : { outboundBouncesPerRound: eventsSettings.bounces, scenarios: eventsResults },
      totalSeconds: (Date.now() - started) / 1000,
    };
    const file = path.join(resultsDir, CONFIG.output ?? `${report.date.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`Results written to ${path.relative(ROOT, file)} (${report.totalSeconds.toFixed(0)} s in all)`);
    if (CONFIG.strict && checks.some((check) => !check.met)) process.exitCode = 2;
  } finally {
    for (const server of servers.reverse()) await server.stop().catch(() => undefined);
    killAll();
    await database?.drop().catch((error: unknown) => log(`Could not drop the database: ${String(error)}`));
    await largeDatabase?.database?.drop().catch((error: unknown) => log(`Could not drop the large database: ${String(error)}`));
  }
}

/**
 * One autocannon run of `scenario` against `server`. Requests are made by the scenario's
 * source (pre-generated: `prepare` of them before the clock starts), every 2xx counted with
 * the events it carried; afterwards, what the run stored is counted in the database.
 */
async function measure(
  scenario: Scenario,
  target: Target,
  server: RunningServer,
  round: number,
  durationS: number,
  marker: string,
  database: BenchDatabase,
  prepare: number,
  rssPids: readonly number[] = [],
): Promise<Measurement> {
  const source: RequestSource = scenario.source(marker);
  const heavy = BATCH.includes(scenario.id);
  // Raw messages are 3–25 KB: 20,000 of them are ~100 MB of the load generator's memory.
  source.prepare(Math.min(prepare, heavy ? 400 : scenario.id.startsWith('inbound-mail') ? 20_000 : 60_000));
  const url = database.url;
  const runStart = await withClient(url, async (client) => (await client.query<{ now: Date }>('select clock_timestamp() as "now"')).rows[0].now);
  const rss = sampleRss(rssPids.length > 0 ? rssPids : [server.pid]);
  const postmaster = database.postmasterPid();
  const cpuBefore = { server: cpuSecondsOf(server.pid), database: postmaster === null ? 0 : postgresCpuSeconds(postmaster) };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${server.port}`,
        connections: scenario.connections,
        duration: durationS,
        timeout: 30,
        requests: requestsOf(source),
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
  });
  const rssMax = rss.stop();
  // Requests cut off at the end may still run on the server: they must not weigh on the next run.
  const drainMs = await waitUntilIdle(url);
  await new Promise((resolve) => setTimeout(resolve, 200));
  // Work on requests cut off at the end is counted too: a small overstatement, the same for both.
  const cpuAfter = { server: cpuSecondsOf(server.pid), database: postmaster === null ? 0 : postgresCpuSeconds(postmaster) };

  let verification: Measurement['verification'] = null;
  if (scenario.verifySql) {
    const sql = scenario.verifySql;
    const pattern = sql.markerPattern(marker);
    const [stored, unapplied] = await withClient(url, async (client) => [
      (await client.query<{ n: number }>(sql.stored, [pattern])).rows[0].n,
      (await client.query<{ n: number }>(sql.unapplied, [pattern, runStart])).rows[0].n,
    ]);
    verification = {
      acknowledgedNewEvents: source.acknowledgedNewEvents,
      generatedNewEvents: source.generatedNewEvents,
      stored,
      unapplied,
      ok: stored >= source.acknowledgedNewEvents && stored <= source.generatedNewEvents && unapplied === 0,
    };
  }
  const seconds = result.duration;
  const ok = result['2xx'];
  const eventsPerRequest = BATCH.includes(scenario.id) ? 1000 : scenario.verifySql ? 1 : 0;
  return {
    target,
    round,
    durationS: seconds,
    requestsPerSec: ok / seconds,
    eventsPerSec: (ok * eventsPerRequest) / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok2xx: ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    rssMaxMb: rssMax.get(server.pid) ?? null,
    generatedInline: source.generatedInline,
    serverCpuMsPerRequest: ok === 0 ? Number.NaN : ((cpuAfter.server - cpuBefore.server) * 1000) / ok,
    databaseCpuMsPerRequest: postmaster === null || ok === 0 ? null : ((cpuAfter.database - cpuBefore.database) * 1000) / ok,
    loadAverage: os.loadavg()[0],
    drainMs,
    verification,
  };
}

/**
 * `ingestion-with-endpoints`: the signed single SendGrid events against the service with no
 * endpoint registered and with three (receivers alive, every event type), alternating in the
 * same rounds; the three are registered before their run and deleted after it (their pending
 * deliveries cancelled), so that each run starts alike.
 */
async function ingestionWithEndpoints(scenario: Scenario, service: RunningServer, database: BenchDatabase, apiKey: string): Promise<WithEndpointsResult> {
  const receiver = new Receiver();
  await receiver.start();
  let runIndex = 0;
  const rounds: WithEndpointsResult['rounds'] = [];
  let verified = true;
  try {
    const probe = await registerEndpoint(service, apiKey, receiver, 'probe');
    if (!probe)
      return {
        id: 'ingestion-with-endpoints',
        available: false,
        note: 'POST /api/v1/webhook-endpoints answered 404',
        connections: scenario.connections,
        rounds,
        medianNoneEventsPerSec: 0,
        medianThreeEventsPerSec: 0,
        medianRatio: 0,
        medianNoneP99Ms: 0,
        medianThreeP99Ms: 0,
        verified: false,
      };
    await deleteEndpoint(service, apiKey, probe);
    log(`  ${CONFIG.warmupS} s warm-up with none, then ${CONFIG.rounds} rounds of ${CONFIG.durationS} s with none and with three`);
    const warm = await measure(scenario, 'service', service, 0, CONFIG.warmupS, `e${runIndex++}`, database, 0);
    let estimate = Math.max(warm.requestsPerSec, 10);
    for (let round = 1; round <= CONFIG.rounds; round += 1) {
      const order = round % 2 === 1 ? ['none', 'three'] : ['three', 'none'];
      const runs: Record<string, Measurement> = {};
      let delivered = 0;
      let drained = { backlog: 0, seconds: 0, deliveredPerSec: Number.NaN };
      for (const variant of order) {
        let endpoints: RegisteredEndpoint[] = [];
        if (variant === 'three')
          endpoints = (await Promise.all([1, 2, 3].map((i) => registerEndpoint(service, apiKey, receiver, `ingest-${round}-${i}`)))) as RegisteredEndpoint[];
        runs[variant] = await measure(
          scenario,
          'service',
          service,
          round,
          CONFIG.durationS,
          `e${runIndex++}`,
          database,
          Math.ceil(estimate * CONFIG.durationS * 1.5),
          [service.pid],
        );
        estimate = Math.max(estimate, runs[variant].requestsPerSec);
        if (runs[variant].verification && !runs[variant].verification!.ok) verified = false;
        if (variant === 'three') {
          delivered = endpoints.reduce((sum, endpoint) => sum + receiver.received(endpoint.path).count, 0);
          drained = await drainBacklog(database.url, endpoints, receiver);
          for (const endpoint of endpoints) await deleteEndpoint(service, apiKey, endpoint);
          await waitUntilIdle(database.url);
        }
      }
      const row = {
        round,
        order,
        noneEventsPerSec: runs.none.requestsPerSec,
        threeEventsPerSec: runs.three.requestsPerSec,
        ratio: runs.three.requestsPerSec / runs.none.requestsPerSec,
        noneP99Ms: runs.none.p99Ms,
        threeP99Ms: runs.three.p99Ms,
        noneCpuMs: runs.none.serverCpuMsPerRequest,
        threeCpuMs: runs.three.serverCpuMsPerRequest,
        deliveredDuringThree: delivered,
        backlog: drained.backlog,
        backlogDeliveredPerSec: drained.deliveredPerSec,
      };
      rounds.push(row);
      log(
        `  round ${round}: none ${fmt(row.noneEventsPerSec, 1)} events/s p99 ${fmt(row.noneP99Ms, 1)} ms, three ${fmt(row.threeEventsPerSec, 1)} events/s p99 ${fmt(row.threeP99Ms, 1)} ms, ` +
          `ratio ${fmt(row.ratio, 2)}; ${delivered} deliveries received meanwhile, the backlog of ${drained.backlog} then at ${fmt(drained.deliveredPerSec, 1)} deliveries/s`,
      );
    }
  } finally {
    await receiver.stop();
  }
  return {
    id: 'ingestion-with-endpoints',
    available: true,
    note: null,
    connections: scenario.connections,
    rounds,
    medianNoneEventsPerSec: median(rounds.map((r) => r.noneEventsPerSec)),
    medianThreeEventsPerSec: median(rounds.map((r) => r.threeEventsPerSec)),
    medianRatio: median(rounds.map((r) => r.ratio)),
    medianNoneP99Ms: median(rounds.map((r) => r.noneP99Ms)),
    medianThreeP99Ms: median(rounds.map((r) => r.threeP99Ms)),
    verified,
  };
}

function targetChecks(
  results: readonly ScenarioResult[],
  readyMs: readonly number[],
  npmStart: NpmStartTimes | null,
  classification: ClassificationMeasure | null,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (classification) {
    checks.push({
      name: 'classifyBounce: classifications per CPU second',
      measured: fmt(classification.perSec),
      goal: `>= ${CLASSIFICATION_TARGET_PER_SEC}`,
      met: classification.perSec >= CLASSIFICATION_TARGET_PER_SEC,
    });
  }
  const byId = new Map(results.map((result) => [result.id, result]));
  for (const id of SINGLE_EVENT) {
    const result = byId.get(id);
    if (!result) continue;
    checks.push({
      name: `${id}: throughput ratio`,
      measured: fmt(result.medianThroughputRatio, 2),
      goal: `>= ${TARGETS.singleThroughputRatio}`,
      met: result.medianThroughputRatio >= TARGETS.singleThroughputRatio,
    });
    checks.push({
      name: `${id}: p99 ratio`,
      measured: fmt(result.medianP99Ratio, 2),
      goal: `<= ${TARGETS.singleP99Ratio}`,
      met: result.medianP99Ratio <= TARGETS.singleP99Ratio,
    });
    if (result.medianMinimalThroughputRatio !== null) {
      checks.push({
        name: `${id}: throughput ratio to the minimal`,
        measured: fmt(result.medianMinimalThroughputRatio, 2),
        goal: `>= ${TARGETS.singleMinimalThroughputRatio}`,
        // Not met when the floor served nothing (an infinite ratio).
        met: Number.isFinite(result.medianMinimalThroughputRatio) && result.medianMinimalThroughputRatio >= TARGETS.singleMinimalThroughputRatio,
      });
      checks.push({ name: `${id}: p99 ratio to the minimal`, measured: fmt(result.medianMinimalP99Ratio ?? Number.NaN, 2), goal: 'reported', met: true });
    }
  }
  for (const id of BATCH) {
    const batch = byId.get(id);
    if (!batch) continue;
    checks.push({
      name: `${id}: events/s`,
      measured: fmt(batch.service.medianEventsPerSec),
      goal: `>= ${TARGETS.batchEventsPerSec}`,
      met: batch.service.medianEventsPerSec >= TARGETS.batchEventsPerSec,
    });
  }
  const listFirst = byId.get('list-first');
  if (listFirst) {
    checks.push({
      name: 'list-first: pages/s',
      measured: fmt(listFirst.service.medianRequestsPerSec, 1),
      goal: `>= ${TARGETS.listFirstPagesPerSec}`,
      met: listFirst.service.medianRequestsPerSec >= TARGETS.listFirstPagesPerSec,
    });
  }
  const check = byId.get('suppression-check');
  if (check) {
    checks.push({
      name: 'suppression-check: p99 ms',
      measured: fmt(check.service.medianP99Ms, 1),
      goal: `<= ${TARGETS.checkP99Ms}`,
      met: check.service.medianP99Ms <= TARGETS.checkP99Ms,
    });
  }
  const inbound = byId.get('inbound-mail');
  if (inbound) {
    checks.push({
      name: 'inbound-mail: messages/s',
      measured: fmt(inbound.service.medianRequestsPerSec, 1),
      goal: `>= ${TARGETS.inboundMessagesPerSec}`,
      met: inbound.service.medianRequestsPerSec >= TARGETS.inboundMessagesPerSec,
    });
  }
  // Reported without a goal of their own: the p99 of storing, and the rate and p99 of classifying alone.
  for (const [id, what] of [
    ['inbound-mail', 'p99 ms'],
    ['inbound-mail-dry-run', 'messages/s'],
    ['inbound-mail-dry-run', 'p99 ms'],
  ] as const) {
    const result = byId.get(id);
    if (!result) continue;
    const value = what === 'p99 ms' ? result.service.medianP99Ms : result.service.medianRequestsPerSec;
    checks.push({ name: `${id}: ${what}`, measured: fmt(value, 1), goal: 'reported', met: true });
  }
  const verified = results.filter((result) => result.service.verified !== null);
  if (verified.length > 0) {
    const failed = verified.filter((result) => !result.service.verified).map((result) => result.id);
    checks.push({
      name: 'ingestion: acknowledged = stored and applied',
      measured: failed.length === 0 ? 'all runs' : `failed: ${failed.join(', ')}`,
      goal: 'all runs',
      met: failed.length === 0,
    });
  }
  // The floor counts only if it did the work: every event it acknowledged stored and applied.
  const floors = results.filter((result) => result.minimal !== null && result.minimal.verified !== null);
  if (floors.length > 0) {
    const failed = floors.filter((result) => !result.minimal!.verified).map((result) => result.id);
    checks.push({
      name: 'minimal: acknowledged = stored and applied',
      measured: failed.length === 0 ? 'all runs' : `failed: ${failed.join(', ')}`,
      goal: 'all runs',
      met: failed.length === 0,
    });
  }
  const floorErrors = results
    .filter((result) => result.minimal !== null && result.minimal.errors > 0)
    .map((result) => `${result.id} ${result.minimal!.errors}`);
  if (results.some((result) => result.minimal !== null)) {
    checks.push({
      name: 'minimal: every request answered 2xx',
      measured: floorErrors.length === 0 ? 'yes' : floorErrors.join(', '),
      goal: 'yes',
      met: floorErrors.length === 0,
    });
  }
  const errors = results.filter((result) => result.service.errors > 0).map((result) => `${result.id} ${result.service.errors}`);
  checks.push({
    name: 'service: every request answered 2xx',
    measured: errors.length === 0 ? 'yes' : errors.join(', '),
    goal: 'yes',
    met: errors.length === 0,
  });
  if (results.length > 0) {
    const rss = Math.max(...results.map((result) => result.service.rssMaxMb ?? 0));
    checks.push({ name: 'service: resident memory under load, MB', measured: fmt(rss), goal: `<= ${TARGETS.rssMb}`, met: rss <= TARGETS.rssMb });
  }
  const ready = Math.max(...readyMs);
  checks.push({ name: 'service: ready after start, ms (max)', measured: fmt(ready), goal: `<= ${TARGETS.readyMs}`, met: ready <= TARGETS.readyMs });
  if (npmStart) {
    const later = Math.max(...npmStart.laterMs);
    checks.push({
      name: 'npm start: ready the first time, ms',
      measured: fmt(npmStart.firstMs),
      goal: `<= ${NPM_START_TARGETS.firstMs}`,
      met: npmStart.firstMs <= NPM_START_TARGETS.firstMs,
    });
    checks.push({
      name: 'npm start: ready on later starts, ms (max)',
      measured: fmt(later),
      goal: `<= ${NPM_START_TARGETS.laterMs}`,
      met: later <= NPM_START_TARGETS.laterMs,
    });
  }
  return checks;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  killAll();
  process.exit(1);
});
