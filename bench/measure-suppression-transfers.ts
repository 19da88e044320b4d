/**
 * A quick measurement (not a test, not a load scenario): the suppression export of a list of a
 * million entries — rows a second and the server's peak memory — and the import of a file of
 * 100,000 rows — rows a second. Runs the host app (`src/main.ts`) as its own process on a new
 * database of the PostgreSQL at `MEASURE_DATABASE_ADMIN_URL` (default
 * `postgres://postgres@127.0.0.1:5432/postgres`), which it drops at the end.
 *
 *   npx ts-node --transpile-only bench/measure-suppression-transfers.ts
 *
 * `MEASURE_EXPORT_ROWS` and `MEASURE_IMPORT_ROWS` change the sizes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';

const ADMIN_URL = process.env.MEASURE_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EXPORT_ROWS = Number(process.env.MEASURE_EXPORT_ROWS ?? 1_000_000);
const IMPORT_ROWS = Number(process.env.MEASURE_IMPORT_ROWS ?? 100_000);
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

/** Kilobytes of the process's resident memory now (`VmRSS`) and at its peak (`VmHWM`). */
function memoryOf(pid: number): { rssKb: number; peakKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

/** Forgets the process's peak so far: the next `VmHWM` is the peak from now on. */
function resetPeak(pid: number): void {
  // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux).
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function waitUntilServing(): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port: PORT, path: '/health/ready' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the app did not serve within 60 s');
}

async function exportAll(format: 'csv' | 'ndjson', pid: number): Promise<{ rows: number; bytes: number; ms: number; peakKb: number; tenths: number[] }> {
  resetPeak(pid);
  const started = process.hrtime.bigint();
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, memoryOf(pid).peakKb)), 100);
  // Seconds each tenth of the list took: a keyset read costs the same at any depth, or it does not.
  const tenths: number[] = [];
  let tenthStarted = process.hrtime.bigint();
  const { lines, bytes } = await new Promise<{ lines: number; bytes: number }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, path: `/api/v1/suppressions/export?format=${format}`, headers: { 'X-API-Key': KEY } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
      let count = 0;
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
          count += 1;
          if (count % Math.max(1, Math.floor(EXPORT_ROWS / 10)) === 0) {
            const now = process.hrtime.bigint();
            tenths.push(Number(now - tenthStarted) / 1e9);
            tenthStarted = now;
          }
        }
      });
      res.on('end', () => resolve({ lines: count, bytes: size }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  clearInterval(sampler);
  peakKb = Math.max(peakKb, memoryOf(pid).peakKb);
  return { rows: format === 'csv' ? lines - 1 : lines, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6, peakKb, tenths };
}

async function importRows(rows: number): Promise<{ ms: number; answer: string }> {
  const lines = ['email,created,reason,status'];
  for (let index = 0; index < rows; index += 1)
    lines.push(`imported${index}@example.org,1763726400,"550 5.1.1 The email account that you tried to reach does not exist.",5.1.1`);
  const body = Buffer.from(`${lines.join('\r\n')}\r\n`);
  const started = process.hrtime.bigint();
  const answer = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: PORT,
        method: 'POST',
        path: '/api/v1/suppressions/import',
        headers: { 'X-API-Key': KEY, 'Content-Type': 'text/csv', 'Content-Length': body.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`import answered ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, answer };
}

async function main(): Promise<void> {
  const name = `mailpass_measure_${randomBytes(4).toString('hex')}`;
  await withClient(ADMIN_URL, (client) => client.query(`create database "${name}"`));
  let app: ChildProcess | null = null;
  try {
    app = spawn(process.execPath, ['--enable-source-maps', '-r', './scripts/register-swc.js', 'src/main.ts'], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, DATABASE_URL: databaseUrl(name), PORT: String(PORT), BOOTSTRAP_API_KEY: KEY, LOG_LEVEL: 'warn', API_RATE_LIMIT_PER_MINUTE: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUntilServing();
    const pid = app.pid!;

    console.log(`seeding ${EXPORT_ROWS} suppressions…`);
    await withClient(databaseUrl(name), (client) =>
      client.query(
        `insert into address_states (email, status, suppressed_by, status_changed_at, suppression_note)
         select 'user' || g || '@example.com',
                case when g % 4 = 0 then 'unsubscribed' else 'bounced' end,
                case when g % 4 = 0 then 'complaint' else 'hard-bounce' end,
                timestamptz '2026-01-01T00:00:00Z' + g * interval '1 second',
                case when g % 10 = 0 then '550 5.1.1 <user' || g || '@example.com>: Recipient address rejected, "quoted"' end
           from generate_series(1, $1::int) g`,
        [EXPORT_ROWS],
      ),
    );
    await withClient(databaseUrl(name), (client) => client.query('vacuum analyze address_states'));

    const idle = memoryOf(pid);
    console.log(`app RSS before the exports: ${(idle.rssKb / 1024).toFixed(0)} MB`);
    for (const format of ['csv', 'ndjson'] as const) {
      const result = await exportAll(format, pid);
      console.log(
        `export ${format}: ${result.rows} rows, ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${(result.ms / 1000).toFixed(1)} s = ` +
          `${Math.round(result.rows / (result.ms / 1000))} rows/s; app peak RSS ${(result.peakKb / 1024).toFixed(0)} MB; ` +
          `seconds a tenth: ${result.tenths.map((seconds) => seconds.toFixed(1)).join(' ')}`,
      );
    }

    const imported = await importRows(IMPORT_ROWS);
    console.log(
      `import of ${IMPORT_ROWS} rows: ${(imported.ms / 1000).toFixed(1)} s = ${Math.round(IMPORT_ROWS / (imported.ms / 1000))} rows/s; ${imported.answer.slice(0, 200)}`,
    );
    const again = await importRows(IMPORT_ROWS);
    console.log(`the same file again (all already suppressed): ${(again.ms / 1000).toFixed(1)} s = ${Math.round(IMPORT_ROWS / (again.ms / 1000))} rows/s`);
    console.log(`app peak RSS over the run: ${(memoryOf(pid).peakKb / 1024).toFixed(0)} MB`);
  } finally {
    app?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await withClient(ADMIN_URL, (client) => client.query(`drop database if exists "${name}" with (force)`));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
