/**
 * Rates, alerts and outbound events (`BENCH_SCENARIOS=rates-and-events`): the service alone (the
 * baseline has no outbound webhooks and no statistics), on the seeded million bounces.
 *
 * - `outbound-delivery`: a local receiver (`node:http` on 127.0.0.1, answering 200, verifying one
 *   signature in ten with `standardwebhooks`) registered for every event type; N bounces posted
 *   to `POST /api/v1/bounces`, then the clock runs until the endpoint has no pending delivery
 *   left: delivered events/s, the lag after the last bounce, each event's lag.
 * - `ingestion-with-endpoints` (in run.ts, which measures ingestion): signed single SendGrid
 *   events with no endpoint registered and with three, alternating in the same rounds.
 * - `stats-bounces`: `GET /api/v1/stats/bounces` over 30 days by day grouped by campaign, domain
 *   (the default top 20, and the top 100) and reason, and `GET /api/v1/campaigns/{id}/health`:
 *   p50/p99. And grouped by domain over a range never asked before at every request (a choice of
 *   top groups is reused for a minute per range: this variant never reuses one).
 */
import autocannon from 'autocannon';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { BUILD_DIR } from './build';
import { CAMPAIGNS, SUBSCRIBERS, subscriberEmail, withClient } from './database';
import type { RunningServer } from './processes';
import { fmt, median, type TargetCheck } from './report';

export const EVENTS_SCENARIO_IDS = ['outbound-delivery', 'ingestion-with-endpoints', 'stats-bounces'] as const;
export type EventsScenarioId = (typeof EVENTS_SCENARIO_IDS)[number];
export const EVENTS_GROUP = 'rates-and-events';
export const ALL_EVENT_TYPES = ['bounce.recorded', 'subscriber.status_changed', 'suppression.added', 'suppression.removed', 'alert.triggered'];
export const EVENTS_TARGETS = { withEndpointsRatio: 0.9, statsP99Ms: 50 };

export function chosenEventsScenarios(named: readonly string[]): EventsScenarioId[] {
  if (named.length === 0 || named.includes(EVENTS_GROUP)) return [...EVENTS_SCENARIO_IDS];
  return EVENTS_SCENARIO_IDS.filter((id) => named.includes(id));
}

/**
 * The counters of the bounces the seed inserted with SQL after the migrations ran: the service's
 * own backfill (the statistics migration's statement, from the build), on a counters table that
 * counts none of them yet. Returns null when this build has no statistics.
 */
export async function backfillStatistics(url: string): Promise<{ seconds: number; rows: number } | null> {
  const file = path.join(BUILD_DIR, 'service/libs/bounce-handling/src/migrations/Migration20261204140000_delivery-statistics.js');
  let sql: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sql = (require(file) as { BACKFILL_DELIVERY_STATISTICS: string }).BACKFILL_DELIVERY_STATISTICS;
  } catch {
    return null;
  }
  return withClient(url, async (client) => {
    const counted = Number((await client.query<{ n: string }>('select count(*) as "n" from "delivery_statistics"')).rows[0].n);
    if (counted > 0) throw new Error(`delivery_statistics holds ${counted} rows before the backfill: the seed's bounces would be counted twice`);
    const start = Date.now();
    await client.query(`set work_mem = '256MB'`);
    await client.query(sql);
    await client.query('vacuum (analyze) "delivery_statistics"');
    const rows = Number((await client.query<{ n: string }>('select count(*) as "n" from "delivery_statistics"')).rows[0].n);
    return { seconds: (Date.now() - start) / 1000, rows };
  });
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });

function request(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
    req.end(body);
  });
}

/** What one endpoint's receiver saw. */
interface Received {
  count: number;
  firstAt: number | null;
  lastAt: number | null;
  /** Milliseconds from each event's `timestamp` to its receipt (every event). */
  lagsMs: number[];
  verified: number;
  verifyFailures: number;
  types: Record<string, number>;
  webhookIds: Set<string>;
}

/** A local receiver: every path is an endpoint; answers 200 and verifies one signature in ten. */
export class Receiver {
  private server: http.Server | null = null;
  private readonly endpoints = new Map<string, { hook: Webhook | null; received: Received }>();
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const now = Date.now();
        const entry = this.endpoints.get(req.url ?? '');
        if (entry) {
          const r = entry.received;
          const payload = Buffer.concat(chunks).toString('utf8');
          r.count += 1;
          r.firstAt ??= now;
          r.lastAt = now;
          const id = String(req.headers['webhook-id'] ?? '');
          r.webhookIds.add(id);
          try {
            const event = JSON.parse(payload) as { type?: string; timestamp?: string };
            r.types[event.type ?? '?'] = (r.types[event.type ?? '?'] ?? 0) + 1;
            if (event.timestamp) r.lagsMs.push(now - Date.parse(event.timestamp));
          } catch {
            r.types['unparsable'] = (r.types['unparsable'] ?? 0) + 1;
          }
          if (entry.hook && r.count % 10 === 1) {
            try {
              entry.hook.verify(payload, {
                'webhook-id': id,
                'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
                'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
              });
              r.verified += 1;
            } catch {
              r.verifyFailures += 1;
            }
          }
        }
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** A new endpoint path, its receipts counted from now. */
  path(name: string): { url: string; path: string } {
    const p = `/hooks/${name}`;
    this.endpoints.set(p, {
      hook: null,
      received: { count: 0, firstAt: null, lastAt: null, lagsMs: [], verified: 0, verifyFailures: 0, types: {}, webhookIds: new Set() },
    });
    return { url: `http://127.0.0.1:${this.port}${p}`, path: p };
  }

  secret(p: string, secret: string): void {
    this.endpoints.get(p)!.hook = new Webhook(secret);
  }

  received(p: string): Received {
    return this.endpoints.get(p)!.received;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }
}

export interface RegisteredEndpoint {
  readonly id: string;
  readonly path: string;
}

/** Registers an endpoint for every event type; null when this build has no endpoints' API. */
export async function registerEndpoint(server: RunningServer, apiKey: string, receiver: Receiver, name: string): Promise<RegisteredEndpoint | null> {
  const { url, path: p } = receiver.path(name);
  const answer = await request(
    server.port,
    'POST',
    '/api/v1/webhook-endpoints',
    { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    JSON.stringify({ url, events: ALL_EVENT_TYPES }),
  );
  if (answer.status === 404) return null;
  if (answer.status !== 201) throw new Error(`POST /api/v1/webhook-endpoints answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  const data = (JSON.parse(answer.body) as { data: { id: string | number; secret: string } }).data;
  receiver.secret(p, data.secret);
  return { id: String(data.id), path: p };
}

export async function deleteEndpoint(server: RunningServer, apiKey: string, endpoint: RegisteredEndpoint): Promise<void> {
  const answer = await request(server.port, 'DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`, { Authorization: `Bearer ${apiKey}` });
  if (answer.status !== 204) throw new Error(`DELETE /api/v1/webhook-endpoints/${endpoint.id} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface DeliveryRound {
  readonly round: number;
  readonly bounces: number;
  readonly bouncesAccepted: number;
  readonly ingestSeconds: number;
  /** Deliveries the outbox made for the endpoint (one per event). */
  readonly expected: number;
  readonly received: number;
  /** Distinct webhook-ids received (at least once: a re-delivery repeats one). */
  readonly distinct: number;
  readonly types: Record<string, number>;
  /** Delivered events per second, from the first bounce posted to the last delivery. */
  readonly eventsPerSec: number;
  /** Delivered events per second, from the first delivery received to the last. */
  readonly deliveringEventsPerSec: number;
  /** From the last bounce answered to the endpoint's last pending delivery delivered. */
  readonly drainAfterIngestMs: number;
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly signaturesVerified: number;
  readonly signatureFailures: number;
  readonly notDelivered: number;
  readonly serviceCpuMsPerEvent: number | null;
}

export interface DeliveryResult {
  readonly id: 'outbound-delivery';
  readonly available: boolean;
  readonly note: string | null;
  readonly connections: number;
  readonly rounds: DeliveryRound[];
  readonly medianEventsPerSec: number;
  readonly medianDeliveringEventsPerSec: number;
  readonly medianDrainAfterIngestMs: number;
  readonly medianLagP99Ms: number;
}

export interface EventsSettings {
  readonly apiKey: string;
  readonly url: string;
  readonly rounds: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly bounces: number;
  readonly connections: (id: string, fallback: number) => number;
  readonly cpuSecondsOf: (pid: number) => number;
  readonly log: (message: string) => void;
}

let bounceSeed = 0x5eed;

/** Posts `count` bounces to the API, `connections` at a time; answers the 2xx count. */
async function postBounces(server: RunningServer, apiKey: string, count: number, connections: number, marker: string): Promise<number> {
  let next = 0;
  let accepted = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      bounceSeed = (bounceSeed * 1103515245 + 12345) & 0x7fffffff;
      const n = 1 + (bounceSeed % SUBSCRIBERS);
      const kind = i % 10 < 5 ? 'hard' : i % 10 < 9 ? 'soft' : 'complaint';
      const body = JSON.stringify({
        email: subscriberEmail(n),
        bounce_type: kind,
        bounce_subtype: marker,
        diagnostic_code: kind === 'complaint' ? undefined : '550 5.1.1 The email account that you tried to reach does not exist',
        campaign_id: `campaign-${n % CAMPAIGNS}`,
      });
      const answer = await request(server.port, 'POST', '/api/v1/bounces', { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }, body);
      if (answer.status >= 200 && answer.status < 300) accepted += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return accepted;
}

async function deliveriesOf(url: string, endpointId: string): Promise<{ total: number; pending: number; delivered: number }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ total: number; pending: number; delivered: number }>(
      // An event not yet dispatched is a delivery pending too (the worker writes its row later).
      `with "d" as (
         select count(*) as "total", count(*) filter (where "status" = 'pending') as "pending", count(*) filter (where "status" = 'delivered') as "delivered"
         from "webhook_deliveries" where "endpoint_id" = $1
       ), "u" as (
         select count(*) as "n" from "outbox_events" e join "webhook_endpoints" w on w."id" = $1
         where e."dispatched_at" is null and w."deleted_at" is null and e."type" = any(w."events") and w."id" <= e."last_endpoint_id"
       )
       select ("d"."total" + "u"."n")::int as "total", ("d"."pending" + "u"."n")::int as "pending", "d"."delivered"::int as "delivered" from "d", "u"`,
      [endpointId],
    );
    return rows[0];
  });
}

/**
 * Waits until `endpoints` have nothing pending (or 30 s without a delivery), no load running:
 * the worker's own rate on a backlog, in deliveries received per second.
 */
export async function drainBacklog(
  url: string,
  endpoints: readonly RegisteredEndpoint[],
  receiver: Receiver,
): Promise<{ backlog: number; seconds: number; deliveredPerSec: number }> {
  const pendingOf = async (): Promise<{ pending: number; delivered: number }> => {
    let pending = 0;
    let delivered = 0;
    for (const endpoint of endpoints) {
      const state = await deliveriesOf(url, endpoint.id);
      pending += state.pending;
      delivered += state.delivered;
    }
    return { pending, delivered };
  };
  const receivedNow = (): number => endpoints.reduce((sum, endpoint) => sum + receiver.received(endpoint.path).count, 0);
  const start = Date.now();
  const receivedBefore = receivedNow();
  let state = await pendingOf();
  const backlog = state.pending;
  let progressAt = Date.now();
  while (state.pending > 0 && Date.now() - progressAt < 30_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await pendingOf();
    if (now.delivered > state.delivered) progressAt = Date.now();
    state = now;
  }
  const lastAt = Math.max(...endpoints.map((endpoint) => receiver.received(endpoint.path).lastAt ?? start));
  const seconds = Math.max(0.001, (lastAt - start) / 1000);
  return { backlog, seconds, deliveredPerSec: (receivedNow() - receivedBefore) / seconds };
}

export async function runOutboundDelivery(server: RunningServer, settings: EventsSettings): Promise<DeliveryResult> {
  const connections = settings.connections('outbound-delivery', 10);
  const receiver = new Receiver();
  await receiver.start();
  const rounds: DeliveryRound[] = [];
  try {
    for (let round = 0; round <= settings.rounds; round += 1) {
      // Round 0 is the warm-up: a tenth of the bounces, not reported.
      const bounces = round === 0 ? Math.max(100, Math.round(settings.bounces / 10)) : settings.bounces;
      const endpoint = await registerEndpoint(server, settings.apiKey, receiver, `delivery-${round}`);
      if (!endpoint)
        return {
          id: 'outbound-delivery',
          available: false,
          note: 'POST /api/v1/webhook-endpoints answered 404',
          connections,
          rounds,
          medianEventsPerSec: 0,
          medianDeliveringEventsPerSec: 0,
          medianDrainAfterIngestMs: 0,
          medianLagP99Ms: 0,
        };
      const cpuBefore = settings.cpuSecondsOf(server.pid);
      const start = Date.now();
      const accepted = await postBounces(server, settings.apiKey, bounces, connections, `outbound-${round}`);
      const ingestEnd = Date.now();
      let state = await deliveriesOf(settings.url, endpoint.id);
      // Until nothing is pending, or 30 s without a delivery (the worker is not delivering: reported short).
      let progressAt = Date.now();
      while (state.pending > 0 && Date.now() - progressAt < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const now = await deliveriesOf(settings.url, endpoint.id);
        if (now.delivered > state.delivered) progressAt = Date.now();
        state = now;
      }
      if (state.pending > 0) settings.log(`  ${state.pending} deliveries still pending after 30 s without progress`);
      const drainedAt = Date.now();
      // The last answers may still be on their way to the receiver's counters.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const cpuAfter = settings.cpuSecondsOf(server.pid);
      const r = receiver.received(endpoint.path);
      await deleteEndpoint(server, settings.apiKey, endpoint);
      const result: DeliveryRound = {
        round,
        bounces,
        bouncesAccepted: accepted,
        ingestSeconds: (ingestEnd - start) / 1000,
        expected: state.total,
        received: r.count,
        distinct: r.webhookIds.size,
        types: r.types,
        eventsPerSec: r.count / (((r.lastAt ?? drainedAt) - start) / 1000),
        deliveringEventsPerSec: r.firstAt !== null && r.lastAt !== null && r.lastAt > r.firstAt ? r.count / ((r.lastAt - r.firstAt) / 1000) : Number.NaN,
        drainAfterIngestMs: Math.max(0, (r.lastAt ?? drainedAt) - ingestEnd),
        lagP50Ms: percentile(r.lagsMs, 50),
        lagP99Ms: percentile(r.lagsMs, 99),
        lagMaxMs: percentile(r.lagsMs, 100),
        signaturesVerified: r.verified,
        signatureFailures: r.verifyFailures,
        notDelivered: state.total - state.delivered,
        serviceCpuMsPerEvent: r.count === 0 ? null : ((cpuAfter - cpuBefore) * 1000) / r.count,
      };
      if (round > 0) {
        rounds.push(result);
        settings.log(
          `  round ${round}: ${accepted} bounces in ${fmt(result.ingestSeconds, 1)} s → ${r.count} events delivered of ${state.total} ` +
            `(${fmt(result.eventsPerSec, 1)} events/s overall, ${fmt(result.deliveringEventsPerSec, 1)} while delivering), drained ${fmt(result.drainAfterIngestMs)} ms ` +
            `after the last bounce, lag p50/p99 ${fmt(result.lagP50Ms)}/${fmt(result.lagP99Ms)} ms, signatures ${r.verified} verified, ${r.verifyFailures} failed`,
        );
      } else settings.log(`  warm-up: ${r.count} events delivered of ${state.total}`);
    }
  } finally {
    await receiver.stop();
  }
  return {
    id: 'outbound-delivery',
    available: true,
    note: null,
    connections,
    rounds,
    medianEventsPerSec: median(rounds.map((r) => r.eventsPerSec)),
    medianDeliveringEventsPerSec: median(rounds.map((r) => r.deliveringEventsPerSec)),
    medianDrainAfterIngestMs: median(rounds.map((r) => r.drainAfterIngestMs)),
    medianLagP99Ms: median(rounds.map((r) => r.lagP99Ms)),
  };
}

export interface StatsVariantRun {
  readonly round: number;
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface StatsVariant {
  readonly name: string;
  readonly path: string;
  readonly runs: StatsVariantRun[];
  readonly medianP50Ms: number;
  readonly medianP99Ms: number;
  readonly medianRequestsPerSec: number;
  readonly sample: unknown;
}

export interface StatsResult {
  readonly id: 'stats-bounces';
  readonly available: boolean;
  readonly note: string | null;
  readonly connections: number;
  readonly counters: number;
  readonly variants: StatsVariant[];
}

/** A variant's paths, taken in turn; `once`: never one twice in the whole scenario, warm-up included. */
interface StatsPaths {
  readonly paths: readonly string[];
  readonly once?: boolean;
  next: number;
}

async function autocannonRun(
  port: number,
  variant: StatsPaths,
  headers: Record<string, string>,
  connections: number,
  durationS: number,
): Promise<autocannon.Result> {
  if (!variant.once) variant.next = 0;
  const path = () => {
    if (variant.once && variant.next >= variant.paths.length) throw new Error(`the ${variant.paths.length} paths of a variant asked once each ran out`);
    return variant.paths[variant.next++ % variant.paths.length];
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: durationS,
        timeout: 30,
        requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path: path(), headers: { ...headers } }) as autocannon.Request }],
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
  });
}

export async function runStatsBounces(server: RunningServer, settings: EventsSettings): Promise<StatsResult> {
  const connections = settings.connections('stats-bounces', 4);
  const headers = { Authorization: `Bearer ${settings.apiKey}` };
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&interval=day`;
  const campaigns = Array.from({ length: CAMPAIGNS }, (_, i) => `campaign-${i}`);
  // The service reuses a grouped answer's choice of top groups for a minute per range: one range
  // asked again and again (a dashboard) ranks about once; a range never asked before ranks every time.
  const newRanges: string[] = [];
  for (let days = 20; days <= 31; days += 1)
    for (let back = 0; back + days <= 360; back += 1) {
      const end = new Date(to.getTime() - back * 86_400_000);
      const start = new Date(end.getTime() - days * 86_400_000);
      newRanges.push(
        `/api/v1/stats/bounces?from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(end.toISOString())}&interval=day&group_by=domain`,
      );
    }
  const variants: (StatsPaths & { readonly name: string })[] = [
    { name: 'by campaign, 30 days by day', paths: [`/api/v1/stats/bounces?${range}&group_by=campaign`], next: 0 },
    { name: 'by domain, 30 days by day', paths: [`/api/v1/stats/bounces?${range}&group_by=domain`], next: 0 },
    { name: 'by domain, a new range of 20-31 days each request', paths: shuffled(newRanges), once: true, next: 0 },
    { name: 'by domain, 30 days by day, the top 100 (the largest limit)', paths: [`/api/v1/stats/bounces?${range}&group_by=domain&limit=100`], next: 0 },
    { name: 'by reason, 30 days by day', paths: [`/api/v1/stats/bounces?${range}&group_by=reason`], next: 0 },
    { name: 'campaign health', paths: campaigns.map((id) => `/api/v1/campaigns/${id}/health`), next: 0 },
  ];
  const counters = await withClient(settings.url, async (client) => {
    try {
      return Number((await client.query<{ n: string }>('select count(*) as "n" from "delivery_statistics"')).rows[0].n);
    } catch {
      return -1;
    }
  });
  const probe = await request(server.port, 'GET', variants[0].paths[0], headers);
  if (probe.status !== 200 || counters < 0)
    return { id: 'stats-bounces', available: false, note: `GET /api/v1/stats/bounces answered ${probe.status}`, connections, counters, variants: [] };
  const samples = await Promise.all(
    variants.map(async (variant) => {
      const answer = await request(server.port, 'GET', variant.paths[variant.paths.length - 1], headers);
      if (answer.status !== 200) throw new Error(`GET ${variant.paths[0]} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      return answer.body;
    }),
  );
  const runs = variants.map(() => [] as StatsVariantRun[]);
  for (const variant of variants) await autocannonRun(server.port, variant, headers, connections, Math.max(2, settings.warmupS / variants.length));
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const [v, variant] of variants.entries()) {
      const result = await autocannonRun(server.port, variant, headers, connections, settings.durationS);
      runs[v].push({
        round,
        requestsPerSec: result['2xx'] / result.duration,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        maxMs: result.latency.max,
        ok2xx: result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
      settings.log(
        `  round ${round} ${variant.name}: ${fmt(result['2xx'] / result.duration, 1)} req/s, p50/p99 ${fmt(result.latency.p50, 1)}/${fmt(result.latency.p99, 1)} ms, non-2xx ${result.non2xx}`,
      );
    }
  }
  return {
    id: 'stats-bounces',
    available: true,
    note: null,
    connections,
    counters,
    variants: variants.map((variant, v) => ({
      name: variant.name,
      path: variant.once
        ? `${variant.paths[0]} (each of ${variant.paths.length} ranges once)`
        : variant.paths.length > 1
          ? variant.paths[0].replace('campaign-0', '{campaign-0..49}')
          : variant.paths[0],
      runs: runs[v],
      medianP50Ms: median(runs[v].map((r) => r.p50Ms)),
      medianP99Ms: median(runs[v].map((r) => r.p99Ms)),
      medianRequestsPerSec: median(runs[v].map((r) => r.requestsPerSec)),
      sample: summariseSample(samples[v]),
    })),
  };
}

/** The same paths in a random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function summariseSample(body: string): unknown {
  try {
    const data = (JSON.parse(body) as { data: Record<string, unknown> }).data;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data))
      out[key] = Array.isArray(value) ? `${value.length} items; first ${JSON.stringify(value[0])?.slice(0, 300)}` : value;
    return out;
  } catch {
    return body.slice(0, 300);
  }
}

export interface WithEndpointsResult {
  readonly id: 'ingestion-with-endpoints';
  readonly available: boolean;
  readonly note: string | null;
  readonly connections: number;
  readonly rounds: {
    round: number;
    order: string[];
    noneEventsPerSec: number;
    threeEventsPerSec: number;
    ratio: number;
    noneP99Ms: number;
    threeP99Ms: number;
    noneCpuMs: number;
    threeCpuMs: number;
    deliveredDuringThree: number;
    /** Deliveries still pending when the three's run ended, then delivered with no ingestion running. */
    backlog: number;
    backlogDeliveredPerSec: number;
  }[];
  readonly medianNoneEventsPerSec: number;
  readonly medianThreeEventsPerSec: number;
  readonly medianRatio: number;
  readonly medianNoneP99Ms: number;
  readonly medianThreeP99Ms: number;
  readonly verified: boolean;
}

export function formatEvents(result: DeliveryResult | StatsResult | WithEndpointsResult): string {
  if (!result.available) return `${result.id}: not available (${result.note})`;
  if (result.id === 'outbound-delivery') {
    const lines = [`${result.id}: ${result.connections} connections posting bounces, one endpoint for every event type`];
    for (const r of result.rounds)
      lines.push(
        `  round ${r.round}: ${r.bouncesAccepted} bounces → ${r.received}/${r.expected} events; ${fmt(r.eventsPerSec, 1)} events/s overall, ${fmt(r.deliveringEventsPerSec, 1)} while delivering; ` +
          `drained ${fmt(r.drainAfterIngestMs)} ms after the last bounce; lag p50/p99/max ${fmt(r.lagP50Ms)}/${fmt(r.lagP99Ms)}/${fmt(r.lagMaxMs)} ms; ` +
          `signatures ${r.signaturesVerified} ok ${r.signatureFailures} failed; service CPU ${fmt(r.serviceCpuMsPerEvent ?? Number.NaN, 2)} ms/event`,
      );
    lines.push(
      `  median: ${fmt(result.medianEventsPerSec, 1)} events/s, drained ${fmt(result.medianDrainAfterIngestMs)} ms after the last bounce, lag p99 ${fmt(result.medianLagP99Ms)} ms`,
    );
    return lines.join('\n');
  }
  if (result.id === 'stats-bounces') {
    const lines = [`${result.id}: ${result.connections} connections, ${result.counters.toLocaleString('en')} counter rows`];
    for (const v of result.variants)
      lines.push(
        `  ${v.name.padEnd(28)} ${fmt(v.medianRequestsPerSec, 1)} req/s  p50 ${fmt(v.medianP50Ms, 1)} ms  p99 ${fmt(v.medianP99Ms, 1)} ms (rounds ${v.runs.map((r) => fmt(r.p99Ms, 1)).join(', ')})`,
      );
    return lines.join('\n');
  }
  const lines = [`${result.id}: ${result.connections} connections, signed single SendGrid events`];
  for (const r of result.rounds)
    lines.push(
      `  round ${r.round} (${r.order.join(' then ')}): none ${fmt(r.noneEventsPerSec, 1)} events/s p99 ${fmt(r.noneP99Ms, 1)} ms, three ${fmt(r.threeEventsPerSec, 1)} events/s p99 ${fmt(r.threeP99Ms, 1)} ms, ratio ${fmt(r.ratio, 2)}; ` +
        `service CPU ${fmt(r.noneCpuMs, 2)} / ${fmt(r.threeCpuMs, 2)} ms per event; ${r.deliveredDuringThree} deliveries received during the three's run, ` +
        `the backlog of ${r.backlog} then at ${fmt(r.backlogDeliveredPerSec, 1)} deliveries/s`,
    );
  lines.push(
    `  median: none ${fmt(result.medianNoneEventsPerSec, 1)}, three ${fmt(result.medianThreeEventsPerSec, 1)} events/s, ratio ${fmt(result.medianRatio, 2)}`,
  );
  return lines.join('\n');
}

export function eventsTargets(results: readonly (DeliveryResult | StatsResult | WithEndpointsResult)[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const result of results) {
    if (!result.available) {
      checks.push({ name: `${result.id}`, measured: 'not available', goal: 'reported', met: false });
      continue;
    }
    if (result.id === 'outbound-delivery') {
      checks.push({ name: 'outbound-delivery: events/s', measured: fmt(result.medianEventsPerSec, 1), goal: 'reported', met: true });
      checks.push({
        name: 'outbound-delivery: drained after the last bounce, ms',
        measured: fmt(result.medianDrainAfterIngestMs),
        goal: 'reported',
        met: true,
      });
      const lost = result.rounds.filter((r) => r.notDelivered > 0 || r.distinct < r.expected || r.signatureFailures > 0).length;
      checks.push({
        name: 'outbound-delivery: every event delivered, signatures valid',
        measured: lost === 0 ? 'all rounds' : `${lost} rounds short`,
        goal: 'all rounds',
        met: lost === 0,
      });
    } else if (result.id === 'stats-bounces') {
      for (const v of result.variants)
        checks.push({
          name: `stats-bounces: ${v.name}, p99 ms`,
          measured: fmt(v.medianP99Ms, 1),
          goal: `<= ${EVENTS_TARGETS.statsP99Ms}`,
          met: v.medianP99Ms <= EVENTS_TARGETS.statsP99Ms,
        });
    } else {
      checks.push({
        name: 'ingestion-with-endpoints: three / none',
        measured: fmt(result.medianRatio, 2),
        goal: `>= ${EVENTS_TARGETS.withEndpointsRatio}`,
        met: result.medianRatio >= EVENTS_TARGETS.withEndpointsRatio,
      });
    }
  }
  return checks;
}
