import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { freePort } from '../../src/system/processes';
import { testServerBinary } from './test-server-binary';

/** A private Redis for one test file. */
export interface TestRedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:port/<db>`. */
  url(db?: number): string;
  /** The test's own client (to look at keys, or clear them), the same at each call; closed by `stop()`. */
  client(): Redis;
  /** Stops the server (its data goes with it: nothing is saved) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` (Debian's redis-server, installed by `.ci/run`, or here when missing and
 * we may) on 127.0.0.1 and a free port — or `port`, to start one again where a stopped one was —
 * keeping nothing on disk (`--save '' --appendonly no`). Each test file starts its own; nothing
 * is shared with a system Redis.
 */
export async function startRedisServer(options: { readonly port?: number } = {}): Promise<TestRedisServer> {
  const binary = redisBinary();
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    try {
      return await startRedis(binary, port);
    } catch (error) {
      // Another process may have taken the port between our look and Redis's bind.
      if (options.port !== undefined || attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
    }
  }
}

async function startRedis(binary: string, port: number): Promise<TestRedisServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-redis-'));
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let client: Redis | null = null;
  const stop = async () => {
    client?.disconnect();
    await stopped(child);
    process.removeListener('exit', killOnExit);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await answering(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    url: (db = 0) => `redis://127.0.0.1:${port}/${db}`,
    client: () => {
      if (client === null) {
        client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
        client.on('error', () => undefined);
      }
      return client;
    },
    stop,
  };
}

function redisBinary(): string {
  return testServerBinary({
    package: 'redis-server',
    candidates: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
    command: 'redis-server',
    neededBy: 'The tests of state shared through Redis',
  });
}

/** Resolves once the server answers PING on `port`; rejects with its output when it exits or does not within 20 s. */
async function answering(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    if (await pongs(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} within 20 s:\n${log()}`);
}

function pongs(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
