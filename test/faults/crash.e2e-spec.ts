import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { type BuiltServer, freePort, killBuiltServers, startBuiltServer } from '../support/built-server';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { is2xx, killWebhookLoads, type LoadRecord, postAllSigned, sendGridKeys, startWebhookLoad, storedCounts } from '../support/webhook-load';

/*
 * docs/providers.md, "What every webhook does": a webhook is answered 2xx only once its events
 * are committed, and a provider re-sends what got no 2xx; with the dedupe key, every event ends
 * stored exactly once. Here the built server, under webhook load from a child process, is
 * killed with SIGKILL at random moments and restarted on the same database.
 */

const KILLS = 3;
const SENDGRID_PATH = '/api/v1/webhooks/sendgrid';

jest.setTimeout(300_000);

const keys = sendGridKeys();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-crash-'));
let database: TestDatabase;
let db: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
});

afterAll(async () => {
  killWebhookLoads();
  await killBuiltServers();
  await db?.end();
  await database?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomBetween = (min: number, max: number) => Math.round(min + Math.random() * (max - min));

interface Check {
  readonly answered2xx: number;
  readonly unanswered: number;
  readonly storedBeforeResend: number;
  readonly resent: number;
}

/**
 * For the requests that ended since the last check: each answered 2xx has every event stored
 * exactly once; each not answered 2xx is stored wholly or not at all (a small batch is one
 * transaction), and once re-sent as SendGrid would, answers 200 with every event stored once.
 */
async function check(url: string, records: readonly LoadRecord[]): Promise<Check> {
  const answered = records.filter(is2xx);
  const answeredCounts = await storedCounts(
    db,
    answered.flatMap((record) => record.ids),
  );
  const notStoredOnce = [...answeredCounts].filter(([, n]) => n !== 1);
  expect(notStoredOnce).toEqual([]); // never a 2xx without the events stored, never twice

  const unanswered = records.filter((record) => !is2xx(record));
  const before = await storedCounts(
    db,
    unanswered.flatMap((record) => record.ids),
  );
  const partlyStored = unanswered.filter((record) => new Set(record.ids.map((id) => before.get(id))).size > 1);
  expect(partlyStored.map((record) => record.ids)).toEqual([]);
  const storedBeforeResend = unanswered.filter((record) => before.get(record.ids[0]) === 1).length;

  const statuses = await postAllSigned(`${url}${SENDGRID_PATH}`, unanswered);
  expect(statuses.filter((status) => status !== 200)).toEqual([]);
  const after = await storedCounts(
    db,
    unanswered.flatMap((record) => record.ids),
  );
  expect([...after].filter(([, n]) => n !== 1)).toEqual([]);
  return { answered2xx: answered.length, unanswered: unanswered.length, storedBeforeResend, resent: unanswered.length };
}

describe('the built server killed with SIGKILL under webhook load (e2e)', () => {
  it('stores every event answered 2xx exactly once, and every unanswered one exactly once after the provider re-sends it', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: database.url, SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64Der, LOG_LEVEL: 'warn' };
    let server: BuiltServer = await startBuiltServer({ port, env });
    const load = startWebhookLoad({
      url: `${server.url}${SENDGRID_PATH}`,
      privateKeyPem: keys.privateKeyPem,
      outFile: path.join(workDir, 'load.jsonl'),
      prefix: 'crash',
      concurrency: 8,
      maxEventsPerRequest: 3,
      maxRequests: 30_000,
      maxDurationMs: 180_000,
    });

    let checked = 0;
    const totals = { answered2xx: 0, unanswered: 0, storedBeforeResend: 0, resent: 0 };
    const addUp = (result: Check) => {
      for (const key of Object.keys(totals) as (keyof Check)[]) totals[key] += result[key];
    };
    const killMoments: number[] = [];
    const restartMs: number[] = [];
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const moment = randomBetween(1000, 3000);
      killMoments.push(moment);
      await delay(moment);
      server.child.kill('SIGKILL');
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const restarting = Date.now();
      server = await startBuiltServer({ port, env });
      restartMs.push(Date.now() - restarting);

      const records = load.records();
      addUp(await check(server.url, records.slice(checked)));
      checked = records.length;
    }
    await delay(1000);
    const summary = await load.stop();
    const records = load.records();
    addUp(await check(server.url, records.slice(checked)));

    // The whole run: every event of every request stored exactly once, nothing else stored.
    const ids = records.flatMap((record) => record.ids);
    expect(new Set(ids).size).toBe(ids.length);
    const all = await storedCounts(db, ids);
    expect([...all].filter(([, n]) => n !== 1)).toEqual([]);
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from bounces where source = 'sendgrid'");
    expect(rows[0].n).toBe(ids.length);
    expect(summary.sent).toBe(records.length);
    expect(totals.answered2xx).toBeGreaterThan(0);
    expect(totals.answered2xx + totals.unanswered).toBe(records.length);
    // The kills hit requests in flight (cut, not refused), so the test is about crashes under load.
    const cut = records.filter((record) => record.status === null && record.error !== 'ECONNREFUSED');
    expect(cut.length).toBeGreaterThan(0);

    console.log(
      `Crash under load: ${records.length} requests (${ids.length} events) sent by the load generator, ${totals.answered2xx} answered 2xx, ` +
        `${totals.unanswered} not (statuses ${JSON.stringify(summary.statuses)}; ${summary.noAnswer} without an answer, ${cut.length} of them cut in flight); ` +
        `${KILLS} SIGKILLs after ${killMoments.join(', ')} ms of load, restarts ready in ${restartMs.join(', ')} ms; ${totals.resent} re-sent, of which ${totals.storedBeforeResend} ` +
        `had been stored before their answer was lost; ${ids.length} events stored exactly once`,
    );
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
