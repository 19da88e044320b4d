import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { type BuiltServer, freePort, killBuiltServers, startBuiltServer } from '../support/built-server';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  is2xx,
  killWebhookLoads,
  postAllSigned,
  postSigned,
  sendGridKeys,
  type SignedPost,
  signedSendGridPost,
  startWebhookLoad,
  storedCounts,
} from '../support/webhook-load';

/*
 * docs/providers.md, "What every webhook does": 5xx only when a retry is wanted (the database
 * is down); docs/configuration.md, "HTTP contract": 503. The built
 * server reaches its test database through a TCP proxy; stopping the proxy (every connection
 * cut, new ones refused) is the database going away, starting it again on the same port is the
 * database coming back. The server is never restarted.
 */

/** Every request during the outage is answered within this (pool acquisition is bounded to 5 s, connecting to 3 s). */
const ANSWER_BOUND_MS = 10_000;
/** The same process serves again within this once the database is back. */
const RECOVERY_BOUND_MS = 30_000;
const API_KEY = 'faults-outage-bootstrap-key-0123456789';
const SENDGRID_PATH = '/api/v1/webhooks/sendgrid';

jest.setTimeout(240_000);

const keys = sendGridKeys();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-outage-'));
let database: TestDatabase;
let db: Client;
let proxy: TcpProxy;
let server: BuiltServer;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
  let proxied: string;
  ({ proxy, url: proxied } = await TcpProxy.inFrontOfDatabase(database.url));
  server = await startBuiltServer({
    port: await freePort(),
    env: { DATABASE_URL: proxied, SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64Der, BOOTSTRAP_API_KEY: API_KEY, LOG_LEVEL: 'warn' },
  });
});

afterAll(async () => {
  killWebhookLoads();
  await killBuiltServers();
  await proxy?.stop();
  await db?.end();
  await database?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  readonly what: string;
  readonly status: number;
  readonly ms: number;
}

/** One request; fails (TimeoutError) when no answer comes within ANSWER_BOUND_MS. */
async function answer(what: string, pathname: string, init: RequestInit = {}): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${server.url}${pathname}`, { ...init, signal: AbortSignal.timeout(ANSWER_BOUND_MS) });
  await response.arrayBuffer();
  return { what, status: response.status, ms: Date.now() - started };
}

const api = (what: string, method: 'GET' | 'POST', pathname: string, body?: unknown) =>
  answer(what, pathname, {
    method,
    headers: { 'X-API-Key': API_KEY, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function webhook(post: SignedPost): Promise<Answer> {
  const started = Date.now();
  const { status } = await postSigned(`${server.url}${SENDGRID_PATH}`, post, ANSWER_BOUND_MS);
  return { what: `webhook ${post.ids.join(',')}`, status, ms: Date.now() - started };
}

/** Polls /health/ready until it answers 200; resolves with how long that took. */
async function recovered(): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < RECOVERY_BOUND_MS) {
    const status = await fetch(`${server.url}/health/ready`, { signal: AbortSignal.timeout(ANSWER_BOUND_MS) }).then(
      (response) => response.status,
      () => null,
    );
    if (status === 200) return Date.now() - started;
    await delay(100);
  }
  throw new Error(`/health/ready did not answer 200 within ${RECOVERY_BOUND_MS} ms of the database's return:\n${server.output().slice(-4000)}`);
}

describe('the built server while its database is down (e2e)', () => {
  it('answers webhooks, the API and /health/ready with 503 within 10 s, then recovers by itself and stores the re-sent events exactly once', async () => {
    const before = signedSendGridPost(keys.privateKeyPem, ['outage-before-0']);
    expect((await webhook(before)).status).toBe(200);

    await proxy.stop();
    const outage = Date.now();
    const posts: SignedPost[] = [];
    const answers: Answer[] = [];
    let live: Answer;
    try {
      // Twice: first with the pool's connections just cut, then with none left to cut.
      for (const wave of [1, 2]) {
        const wavePosts = Array.from({ length: 8 }, (_, n) => signedSendGridPost(keys.privateKeyPem, [`outage-w${wave}-${n}-0`, `outage-w${wave}-${n}-1`]));
        posts.push(...wavePosts);
        answers.push(
          ...(await Promise.all([
            ...wavePosts.map(webhook),
            api('GET /api/v1/bounces', 'GET', '/api/v1/bounces'),
            api('POST /api/v1/bounces', 'POST', '/api/v1/bounces', { email: `outage-api-${wave}@example.com`, bounce_type: 'hard' }),
            answer('GET /health/ready', '/health/ready'),
          ])),
        );
      }
      live = await answer('GET /health/live', '/health/live');
    } finally {
      await proxy.start();
    }
    const downMs = Date.now() - outage;
    // Nothing of what was answered 503 is stored (the database was unreachable throughout).
    const during = await storedCounts(
      db,
      posts.flatMap((post) => post.ids),
    );
    const recoveryMs = await recovered();
    const statuses = await postAllSigned(`${server.url}${SENDGRID_PATH}`, posts);
    const after = await storedCounts(db, [...before.ids, ...posts.flatMap((post) => post.ids)]);
    const slowest = answers.reduce((max, reply) => (reply.ms > max.ms ? reply : max));
    console.log(
      `Database outage (idle): ${answers.length} requests during ${downMs} ms down, answered ${JSON.stringify(countBy(answers.map((reply) => reply.status)))} ` +
        `(slowest: ${slowest.what} in ${slowest.ms} ms); ready again ${recoveryMs} ms after the database returned, without a restart; ` +
        `${posts.length} webhook posts re-sent, answered ${JSON.stringify(countBy(statuses))}`,
    );

    expect(answers.filter((reply) => reply.status !== 503)).toEqual([]);
    expect(live.status).toBe(200); // the process itself is fine
    expect([...during.values()].every((n) => n === 0)).toBe(true);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect([...after].filter(([, n]) => n !== 1)).toEqual([]);
    expect((await api('GET /api/v1/bounces', 'GET', '/api/v1/bounces')).status).toBe(200);
    expect((await api('POST /api/v1/bounces', 'POST', '/api/v1/bounces', { email: 'outage-api-after@example.com', bounce_type: 'hard' })).status).toBe(201);
  });

  // pg and knex report a connection lost mid-query without an error code; it is still an outage.
  it('answers 503 to requests whose database connection drops while they wait on it', async () => {
    proxy.pause(); // queries and connection attempts get no answer...
    const posts = Array.from({ length: 4 }, (_, n) => signedSendGridPost(keys.privateKeyPem, [`dropped-${n}-0`, `dropped-${n}-1`]));
    const pending = Promise.all([...posts.map(webhook), api('GET /api/v1/bounces', 'GET', '/api/v1/bounces')]);
    let answers: Answer[];
    try {
      await delay(1000);
      await proxy.stop(); // ...until the connections end
      answers = await pending;
    } finally {
      await proxy.start();
    }
    await recovered();
    const statuses = await postAllSigned(`${server.url}${SENDGRID_PATH}`, posts);
    const stored = await storedCounts(
      db,
      posts.flatMap((post) => post.ids),
    );
    console.log(
      `Database connections dropped under ${answers.length} waiting requests: answered ${answers.map((reply) => `${reply.status} in ${reply.ms} ms`).join(', ')}`,
    );

    expect(statuses.every((status) => status === 200)).toBe(true);
    expect([...stored].filter(([, n]) => n !== 1)).toEqual([]);
    expect(answers.filter((reply) => reply.status !== 503)).toEqual([]);
  });

  it('under webhook load, answers every request (none hangs), never 2xx without storing, and with the 5xx re-sent every event ends stored exactly once', async () => {
    const load = startWebhookLoad({
      url: `${server.url}${SENDGRID_PATH}`,
      privateKeyPem: keys.privateKeyPem,
      outFile: path.join(workDir, 'load.jsonl'),
      prefix: 'outage-load',
      concurrency: 8,
      maxRequests: 30_000,
      maxDurationMs: 120_000,
      requestTimeoutMs: ANSWER_BOUND_MS,
    });
    await delay(1500);
    await proxy.stop();
    const outage = Date.now();
    await delay(3000);
    await proxy.start();
    const downMs = Date.now() - outage;
    const recoveryMs = await recovered();
    await delay(1500);
    const summary = await load.stop();
    const records = load.records();
    const answered2xx = records.filter(is2xx);
    const notAnswered2xx = records.filter((record) => !is2xx(record));
    const stored = await storedCounts(
      db,
      answered2xx.flatMap((record) => record.ids),
    );
    const statuses = await postAllSigned(`${server.url}${SENDGRID_PATH}`, notAnswered2xx);
    const all = await storedCounts(
      db,
      records.flatMap((record) => record.ids),
    );
    console.log(
      `Database outage under load: ${summary.sent} requests, ${answered2xx.length} answered 2xx, ${notAnswered2xx.length} not ` +
        `(statuses ${JSON.stringify(summary.statuses)}, ${summary.noAnswer} unanswered; slowest answer ${Math.max(...records.map((record) => record.ms))} ms); ` +
        `database down ${downMs} ms, ready again ${recoveryMs} ms after its return; ${notAnswered2xx.length} re-sent, answered ${JSON.stringify(countBy(statuses))}`,
    );

    expect(records.filter((record) => record.status === null).map((record) => record.error)).toEqual([]); // answered, none timed out
    // What is not a 2xx asks for a retry (5xx); that it is a 503 is the previous test's point.
    expect(notAnswered2xx.filter((record) => record.status !== 503).map((record) => record.status)).toEqual([]);
    expect(answered2xx.length).toBeGreaterThan(0);
    expect(notAnswered2xx.length).toBeGreaterThan(0); // the outage was seen
    expect([...stored].filter(([, n]) => n !== 1)).toEqual([]); // never a 2xx without its events stored
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect([...all].filter(([, n]) => n !== 1)).toEqual([]);
  });
});

function countBy(values: readonly (number | string)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
