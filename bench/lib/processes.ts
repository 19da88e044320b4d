import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from '../../src/system/processes';

export { freePort };

export interface RunningServer {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** Milliseconds from spawn to the first 200 of `GET /health/ready`. */
  readonly readyMs: number;
  /** Resident set size now, in MB (VmRSS of /proc/<pid>/status). */
  rssMb(): number | null;
  stop(): Promise<void>;
}

/**
 * The service's own Node.js options, as production starts it: those of `npm run start:prod` in
 * package.json (the Docker image and `npm start` have the same; a test holds them together), or
 * `BENCH_SERVICE_NODE_OPTIONS` (space-separated) to measure others.
 */
export function serviceNodeOptions(root: string, override = process.env.BENCH_SERVICE_NODE_OPTIONS): string[] {
  if (override?.trim()) return override.trim().split(/\s+/);
  const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts['start:prod'].trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json's start:prod does not start node: ${scripts['start:prod']}`);
  return words.slice(1, -1);
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export function rssMbOf(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, timeout: 1000, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

const children = new Set<ChildProcess>();

/** Kills every child still running (used on an abort). */
export function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * Spawns `node [nodeArgs] script` with `env` (PORT added), waits for `GET /health/ready` to
 * answer 200 (polled every 20 ms, at most 60 s), and returns it with the time that took.
 */
export async function startServer(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const output: string[] = [];
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let readyMs: number | null = null;
  while (readyMs === null) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited before it was ready:\n${output.join('')}`);
    if ((await getStatus(port, '/health/ready')) === 200) readyMs = Number(process.hrtime.bigint() - started) / 1e6;
    else if (Number(process.hrtime.bigint() - started) / 1e6 > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${READY_TIMEOUT_MS} ms:\n${output.join('')}`);
    } else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    name,
    port,
    pid: child.pid!,
    readyMs,
    rssMb: () => rssMbOf(child.pid!),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds used by `pid` (user + system), with its reaped children's when `children`. */
export function cpuSecondsOf(pid: number, children = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of a PostgreSQL server: the postmaster, its live children, and those it reaped (parallel workers come and go). */
export function postgresCpuSeconds(postmasterPid: number): number {
  let total = cpuSecondsOf(postmasterPid, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmasterPid) total += cpuSecondsOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Samples the RSS of `pids` every `everyMs` until stopped; returns the maximum of each, in MB. */
export function sampleRss(pids: readonly number[], everyMs = 100): { stop(): Map<number, number> } {
  const max = new Map<number, number>(pids.map((pid) => [pid, 0]));
  const sample = (): void => {
    for (const pid of pids) {
      const rss = rssMbOf(pid);
      if (rss !== null && rss > max.get(pid)!) max.set(pid, rss);
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}
