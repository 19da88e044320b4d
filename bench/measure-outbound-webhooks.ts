/**
 * A quick measurement (not a test, not a load scenario): outbound events delivered a second by
 * one instance's worker (8 in flight, at most 4 to one endpoint) to receivers on this machine
 * that verify nothing and answer 204 at once — what the worker, the sender and the queue cost,
 * without a network. Runs the host app (`src/main.ts`) as its own process on a new database of
 * the PostgreSQL at `MEASURE_DATABASE_ADMIN_URL` (default
 * `postgres://postgres@127.0.0.1:5432/postgres`), which it drops at the end.
 *
 *   npx ts-node --transpile-only bench/measure-outbound-webhooks.ts
 *
 * `MEASURE_EVENTS` (default 5000) and `MEASURE_ENDPOINTS` (default 2) change the sizes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';

const ADMIN_URL = process.env.MEASURE_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.MEASURE_EVENTS ?? 5_000);
const ENDPOINTS = Number(process.env.MEASURE_ENDPOINTS ?? 2);
const KEY = `measure-${randomBytes(16).toString('hex')}`;
const PORT = 30_000 + Math.floor(Math.random() * 10_000);

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: PORT, path, method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function waitUntilServing(): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const status = await call('GET', '/health/ready').then(
      (answer) => answer.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The app did not start');
}

async function main(): Promise<void> {
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverPort = (receiver.address() as AddressInfo).port;

  const name = `mailpass_measure_${randomBytes(6).toString('hex')}`;
  await withClient(ADMIN_URL, (client) => client.query(`create database "${name}"`));
  let app: ChildProcess | undefined;
  try {
    app = spawn(process.execPath, ['--enable-source-maps', '-r', './scripts/register-swc.js', 'src/main.ts'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl(name),
        PORT: String(PORT),
        BOOTSTRAP_API_KEY: KEY,
        LOG_LEVEL: 'warn',
        API_RATE_LIMIT_PER_MINUTE: '0',
        OUTBOUND_WEBHOOKS_ALLOW_INSECURE: 'true',
      },
    });
    await waitUntilServing();
    for (let n = 0; n < ENDPOINTS; n += 1) {
      const answer = await call('POST', '/api/v1/webhook-endpoints', { url: `http://127.0.0.1:${receiverPort}/hooks/${n}`, events: ['bounce.recorded'] });
      if (answer.status !== 201) throw new Error(`Registering an endpoint answered ${answer.status}: ${answer.body}`);
    }
    const db = databaseUrl(name);
    // The events as the outbox writes them, all due now, in one statement; the clock starts at its commit.
    await withClient(db, (client) =>
      client.query(
        `with e as (
           insert into outbox_events (type, occurred_at, payload)
           select 'bounce.recorded', now(), jsonb_build_object('bounce_id', n, 'email', 'someone' || n || '@example.com', 'bounce_type', 'hard')
           from generate_series(1, $1::int) n returning id
         )
         insert into webhook_deliveries (event_id, endpoint_id, next_attempt_at)
         select e.id, w.id, now() from e, webhook_endpoints w where w.id = ((e.id - 1) % $2::int) + 1`,
        [EVENTS, ENDPOINTS],
      ),
    );
    const started = process.hrtime.bigint();
    const delivered = () =>
      withClient(db, async (client) => Number((await client.query(`select count(*) as n from webhook_deliveries where status = 'delivered'`)).rows[0].n));
    while ((await delivered()) < EVENTS) await new Promise((resolve) => setTimeout(resolve, 50));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      JSON.stringify({ events: EVENTS, endpoints: ENDPOINTS, received, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(EVENTS / seconds) }),
    );
  } finally {
    app?.kill('SIGTERM');
    await new Promise((resolve) => (app ? app.once('exit', resolve) : resolve(undefined)));
    receiver.close();
    await withClient(ADMIN_URL, (client) => client.query(`drop database if exists "${name}" with (force)`));
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
