import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { type BuiltServer, connectionRefused, freePort, killBuiltServers, startBuiltServer, withTimeout } from '../support/built-server';
import { startRedisServer } from '../support/redis-server';
import { createTestDatabase } from '../support/test-database';
import { postSigned, sendGridKeys, type SignedPost, signedSendGridPost, storedCounts } from '../support/webhook-load';
import { isProcessAlive } from '../../src/system/processes';

/*
 * `src/main.ts` on SIGTERM, with no DATABASE_URL (its own embedded PostgreSQL under DATA_DIR):
 * the requests in flight finish and are stored, new connections are refused, the pool is
 * closed, the embedded PostgreSQL is stopped, and the process exits 0.
 */

/** SIGTERM to exit, at most (main.ts gives in-flight requests 10 s). */
const SHUTDOWN_BOUND_MS = 15_000;
/** Big signed batches posted together, so that they are still being stored when the signal comes. */
const BATCHES = 4;
const EVENTS_PER_BATCH = 2_000;
const SENDGRID_PATH = '/api/v1/webhooks/sendgrid';

jest.setTimeout(240_000);

const keys = sendGridKeys();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-shutdown-'));
// As root the server runs as the `postgres` user, who must be able to enter the directory.
fs.chmodSync(dataDir, 0o755);

afterAll(async () => {
  await killBuiltServers();
  // A server left running by a failed test: stop it before removing its data.
  const postmaster = readPostmaster();
  if (postmaster && isProcessAlive(postmaster.pid)) {
    process.kill(postmaster.pid, 'SIGINT');
    for (let waited = 0; waited < 10_000 && isProcessAlive(postmaster.pid); waited += 100) await delay(100);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The embedded server's pid and port, from its lock file (null when it is not running). */
function readPostmaster(): { pid: number; port: number } | null {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); await delay(20)) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

/** The shutdown's log lines (messages of the `Bootstrap` context from the signal on, without figures). */
function shutdownSteps(output: string): string[] {
  const messages = output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"context":"Bootstrap"'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
  return messages.slice(messages.findIndex((message) => message.startsWith('SIGTERM'))).map((message) => message.replace(/^(Stopped in) .*/, '$1'));
}

// No DATABASE_URL: the server starts its own PostgreSQL. LOG_LEVEL info, for the shutdown's steps.
const serverEnv = { DATA_DIR: dataDir, SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64Der, LOG_LEVEL: 'info' };

describe('the built server on SIGTERM, with its embedded PostgreSQL (e2e)', () => {
  it('finishes the requests in flight with 2xx and stores them, refuses new connections, stops its PostgreSQL and exits 0 within 15 s', async () => {
    const port = await freePort();
    const server: BuiltServer = await startBuiltServer({ port, env: serverEnv, readyTimeoutMs: 120_000 });
    const postmaster = readPostmaster();
    expect(postmaster).not.toBeNull();
    expect(isProcessAlive(postmaster!.pid)).toBe(true);
    const db = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${postmaster!.port}/mailpass` });
    await db.connect();
    db.on('error', () => undefined); // the server's shutdown ends this connection

    const batches: SignedPost[] = Array.from({ length: BATCHES }, (_, batch) =>
      signedSendGridPost(
        keys.privateKeyPem,
        Array.from({ length: EVENTS_PER_BATCH }, (_, n) => `shutdown-${batch}-${n}`),
      ),
    );
    const answers: (Awaited<ReturnType<typeof postSigned>> | null)[] = batches.map(() => null);
    const posted = batches.map((batch, index) =>
      postSigned(`${server.url}${SENDGRID_PATH}`, batch, 60_000).then((reply) => {
        answers[index] = reply;
        return reply;
      }),
    );
    // Every batch is being stored (its first transaction committed), none answered yet.
    await waitUntil(
      async () => {
        const { rows } = await db.query(
          "select distinct split_part(provider_event_id, '-', 2) as batch from bounces where provider_event_id like 'shutdown-%'",
        );
        return rows.length === BATCHES || answers.some((reply) => reply !== null);
      },
      60_000,
      'every batch to be partly stored',
    );
    await db.end();
    const inFlight = answers.filter((reply) => reply === null).length;

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await server.waitForOutput('SIGTERM: finishing in-flight requests', 5_000);
    await waitUntil(() => connectionRefused(port), 2_000, 'new connections to be refused');
    const refusedAfterMs = Date.now() - signalled;
    const stillInFlightWhenRefused = answers.filter((reply) => reply === null).length;
    const replies = await withTimeout(Promise.all(posted), SHUTDOWN_BOUND_MS, 'the requests in flight to be answered');
    const answeredMs = Date.now() - signalled;
    const exit = await withTimeout(server.exited, SHUTDOWN_BOUND_MS, 'the server to exit');
    const shutdownMs = Date.now() - signalled;

    console.log(
      `Graceful shutdown: ${BATCHES} signed batches of ${EVENTS_PER_BATCH} events, ${inFlight} in flight at SIGTERM (${stillInFlightWhenRefused} still ` +
        `running when new connections were already refused, ${refusedAfterMs} ms after the signal); answered ${replies.map((reply) => reply.status).join(', ')}; ` +
        `the last ${answeredMs} ms after SIGTERM; exit ${JSON.stringify(exit)} ${shutdownMs} ms after SIGTERM`,
    );
    expect(inFlight).toBe(BATCHES); // the test is about requests in flight: make the batches bigger if this fails
    expect(stillInFlightWhenRefused).toBeGreaterThan(0);
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      // Its keep-alive connection ends with it, instead of holding the shutdown until the client drops it.
      expect(reply.headers.connection).toBe('close');
      expect(JSON.parse(reply.body)).toEqual({ success: true, data: { received: EVENTS_PER_BATCH, recorded: EVENTS_PER_BATCH, duplicates: 0, ignored: 0 } });
    }
    expect(exit).toEqual({ code: 0, signal: null });
    expect(isProcessAlive(postmaster!.pid)).toBe(false);
    expect(readPostmaster()).toBeNull(); // a clean shutdown removes the lock file
    // In this order, and after the signal: the pool closes once the requests are done, PostgreSQL after the pool.
    expect(shutdownSteps(server.output())).toEqual([
      'SIGTERM: finishing in-flight requests, then stopping',
      'In-flight requests finished, database pool closed',
      'Embedded PostgreSQL stopped',
      'Stopped in',
    ]);

    // Started again on the same DATA_DIR: every event of every batch is there, once.
    const again = await startBuiltServer({ port, env: serverEnv, readyTimeoutMs: 120_000 });
    const restarted = readPostmaster()!;
    const check = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${restarted.port}/mailpass` });
    await check.connect();
    try {
      const counts = await storedCounts(
        check,
        batches.flatMap((batch) => batch.ids),
      );
      expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    } finally {
      await check.end();
    }
    expect(await again.stop('SIGTERM', SHUTDOWN_BOUND_MS)).toEqual({ code: 0, signal: null });
  });
});

describe('the built server on SIGTERM, with REDIS_URL (e2e)', () => {
  it('closes its connection to Redis and exits 0', async () => {
    const [redis, database] = await Promise.all([startRedisServer(), createTestDatabase()]);
    try {
      const bootstrapKey = 'shutdown-bootstrap-key-0123456789';
      const server = await startBuiltServer({
        port: await freePort(),
        env: { DATABASE_URL: database.url, REDIS_URL: redis.url(), BOOTSTRAP_API_KEY: bootstrapKey, LOG_LEVEL: 'warn' },
      });
      const listed = await fetch(`${server.url}/api/v1/bounces`, { headers: { 'X-API-Key': bootstrapKey } });
      expect(listed.status).toBe(200);
      const rateLimitConnections = async () =>
        ((await redis.client().client('LIST')) as string).split('\n').filter((line) => line.includes('name=mailpass-rate-limit')).length;
      expect(await rateLimitConnections()).toBe(1); // the request was counted in Redis

      expect(await server.stop('SIGTERM', SHUTDOWN_BOUND_MS)).toEqual({ code: 0, signal: null });
      await waitUntil(async () => (await rateLimitConnections()) === 0, 5_000, 'the connection to Redis to close');
    } finally {
      await redis.stop();
      await database.drop();
    }
  });
});
