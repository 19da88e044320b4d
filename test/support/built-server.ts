import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort, isProcessAlive } from '../../src/system/processes';

export { freePort };

/*
 * The host app as production runs it: compiled by tsc with tsconfig.build.json, then
 * `node src/main.js`, in a child process that a test can signal and kill.
 *
 * The build goes to a folder of the system's temp dir named by a digest of the sources it is
 * made of, so that the test files of one run (in parallel workers) share one build, a later run
 * over the same sources reuses it, and dist/ is never touched. Type errors are `npm run
 * typecheck`'s to report: the build only emits (`--noCheck`), as tsc would with them.
 */

export const PROJECT_ROOT = path.resolve(__dirname, '../..');
const BUILDS_DIR = path.join(os.tmpdir(), 'mailpass-built-server');
const BUILD_TIMEOUT_MS = 180_000;
/** Builds unused for this long are removed by the next build. */
const BUILD_MAX_AGE_MS = 24 * 3600_000;

const execFileAsync = promisify(execFile);

/** The files tsconfig.build.json compiles, and the configuration that compiles them. */
function sourceDigest(): string {
  const hash = createHash('sha256').update(PROJECT_ROOT);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__fixtures__' && entry.name !== 'node_modules') walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts')) {
        files.push(full);
      }
    }
  };
  walk(path.join(PROJECT_ROOT, 'src'));
  walk(path.join(PROJECT_ROOT, 'libs'));
  files.push(path.join(PROJECT_ROOT, 'tsconfig.json'), path.join(PROJECT_ROOT, 'tsconfig.build.json'));
  for (const file of files.sort()) hash.update(`\0${path.relative(PROJECT_ROOT, file)}\0`).update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The folder holding the compiled `src/main.js` of the sources, built on the first call of a
 * run. Parallel callers wait for one build (a lock folder holding the builder's pid).
 */
export function builtServerDir(): Promise<string> {
  // Once per test file: sources edited meanwhile do not change the server under test.
  built ??= buildOnce();
  return built;
}
let built: Promise<string> | undefined;

async function buildOnce(): Promise<string> {
  const dir = path.join(BUILDS_DIR, sourceDigest());
  const lock = `${dir}.lock`;
  fs.mkdirSync(BUILDS_DIR, { recursive: true });
  for (const deadline = Date.now() + BUILD_TIMEOUT_MS; ; await delay(250)) {
    if (fs.existsSync(path.join(dir, 'src', 'main.js'))) {
      const now = new Date();
      fs.utimesSync(dir, now, now);
      return dir;
    }
    if (Date.now() > deadline) throw new Error(`No build of the server in ${dir} after ${BUILD_TIMEOUT_MS} ms`);
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another process builds; take over only if it died.
      let owner = Number.NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // not written yet, or the build just ended
      }
      if (Number.isInteger(owner) && owner > 0 && !isProcessAlive(owner)) fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    try {
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      await build(dir);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

async function build(dir: string): Promise<void> {
  removeOldBuilds();
  const staging = `${dir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const started = Date.now();
  try {
    await execFileAsync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', staging, '--noCheck'], {
      cwd: PROJECT_ROOT,
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`tsc -p tsconfig.build.json failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  // Packages resolve from the build as from the project (ESM imports ignore NODE_PATH).
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
  fs.renameSync(staging, dir);
  console.log(`Built the server into ${dir} in ${Date.now() - started} ms`);
}

function removeOldBuilds(): void {
  for (const entry of fs.readdirSync(BUILDS_DIR)) {
    const full = path.join(BUILDS_DIR, entry);
    try {
      if (Date.now() - fs.statSync(full).mtimeMs > BUILD_MAX_AGE_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface BuiltServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** What it printed (stdout and stderr), the last 16 MB of it. */
  output(): string;
  /** What it printed on stdout alone, and on stderr alone (the last 16 MB of each). */
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<Exit>;
  /** Resolves once `text` (or a match of the pattern) appears in the output, within `timeoutMs`. */
  waitForOutput(text: string | RegExp, timeoutMs: number): Promise<void>;
  /** Sends `signal` and waits for the exit, within `timeoutMs`. */
  stop(signal: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

const running = new Set<ChildProcess>();
const OUTPUT_LIMIT = 16 * 1024 * 1024;

export interface StartOptions {
  readonly port: number;
  /** The server's environment: PATH and HOME are added; DATABASE_URL only if given here. */
  readonly env: Record<string, string | undefined>;
  /** How long the start may take, until GET /health/ready answers 200. */
  readonly readyTimeoutMs?: number;
}

/** Starts `node src/main.js` of the build and resolves once /health/ready answers 200. */
export async function startBuiltServer(options: StartOptions): Promise<BuiltServer> {
  const server = await spawnBuiltServer(options);
  await server.ready(options.readyTimeoutMs ?? 90_000);
  return server;
}

/** Starts `node src/main.js` of the build, without waiting for anything (a start expected to fail, say). */
export async function spawnBuiltServer(options: Omit<StartOptions, 'readyTimeoutMs'>): Promise<BuiltServer & { ready(timeoutMs: number): Promise<void> }> {
  const dir = await builtServerDir();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: String(options.port) };
  for (const [name, value] of Object.entries(options.env)) if (value !== undefined) env[name] = value;
  const child = spawn(process.execPath, [path.join(dir, 'src', 'main.js')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const append = (text: string): void => {
    output = (output + text).slice(-OUTPUT_LIMIT);
    for (const listener of listeners) listener();
  };
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    stdout = (stdout + text).slice(-OUTPUT_LIMIT);
    append(text);
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-OUTPUT_LIMIT);
    append(text);
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let exit: Exit | null = null;
  void exited.then((value) => (exit = value));
  const url = `http://127.0.0.1:${options.port}`;

  const server: BuiltServer & { ready(timeoutMs: number): Promise<void> } = {
    child,
    port: options.port,
    url,
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForOutput: (text, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const found = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
        const done = (error?: Error) => {
          listeners.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (found()) done();
        };
        const timer = setTimeout(() => done(new Error(`"${String(text)}" did not appear within ${timeoutMs} ms:\n${output.slice(-4000)}`)), timeoutMs);
        listeners.add(check);
        check();
      }),
    stop: async (signal, timeoutMs = 30_000) => {
      if (exit) return exit;
      child.kill(signal);
      return withTimeout(exited, timeoutMs, `the server exiting on ${signal}`);
    },
    ready: async (readyTimeoutMs: number) => {
      const deadline = Date.now() + readyTimeoutMs;
      for (;;) {
        if (exit) throw new Error(`The server exited (${JSON.stringify(exit)}) before it was ready:\n${output.slice(-4000)}`);
        const status = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then(
          (response) => response.status,
          () => null,
        );
        if (status === 200) return;
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`The server was not ready within ${readyTimeoutMs} ms:\n${output.slice(-4000)}`);
        }
        await delay(100);
      }
    },
  };
  return server;
}

/** Kills every server this file started that still runs (for afterAll). */
export async function killBuiltServers(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await withTimeout(Promise.all(exits), 10_000, 'killing the servers').catch(() => undefined);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Whether a TCP connection to 127.0.0.1:`port` is refused (rather than accepted). A connection
 * reset while connecting counts as not refused yet: it was waiting in the listener's backlog at
 * the moment the listener closed, so a caller polling for refusal asks again.
 */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve(true);
      else if (error.code === 'ECONNRESET') resolve(false);
      else reject(error);
    });
  });
}
