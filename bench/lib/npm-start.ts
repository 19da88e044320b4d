import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './build';
import { freePort, getStatus } from './processes';

/** Where `npm start` keeps what it compiled (scripts/register-swc.js). */
const COMPILE_CACHE = path.join(ROOT, 'node_modules', '.cache', 'mailpass-swc');
const READY_TIMEOUT_MS = 60_000;

/** Ready within 10 s the first time, within 3 s on later starts. */
export const NPM_START_TARGETS = { firstMs: 10_000, laterMs: 3_000 };

export interface NpmStartTimes {
  /** A developer's first `npm start` after `npm ci`: nothing compiled yet, the embedded cluster created. */
  readonly firstMs: number;
  /** The starts after it, on the same DATA_DIR. */
  readonly laterMs: readonly number[];
}

/**
 * `npm start` of the working tree as a developer runs it, from the command to the first 200 of
 * `GET /health/ready`: once with the compile cache emptied and a new DATA_DIR, then `later`
 * times again. Each start is stopped with SIGTERM before the next.
 */
export async function measureNpmStart(later: number): Promise<NpmStartTimes> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-bench-start-'));
  fs.rmSync(COMPILE_CACHE, { recursive: true, force: true });
  try {
    const firstMs = await timeOneStart(dataDir);
    const laterMs: number[] = [];
    for (let start = 0; start < later; start += 1) laterMs.push(await timeOneStart(dataDir));
    return { firstMs, laterMs };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timeOneStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const started = process.hrtime.bigint();
  // Its own process group: npm, the shell and node are stopped together.
  const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited before it was ready:\n${output.join('')}`);
      if ((await getStatus(port, '/health/ready')) === 200) return Number(process.hrtime.bigint() - started) / 1e6;
      if (Number(process.hrtime.bigint() - started) / 1e6 > READY_TIMEOUT_MS)
        throw new Error(`npm start was not ready within ${READY_TIMEOUT_MS} ms:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    // The service stops its PostgreSQL before it exits; npm may exit first.
    for (let waited = 0; waited < 15_000 && fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
