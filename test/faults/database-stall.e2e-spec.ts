import { Client } from 'pg';
import { type BuiltServer, freePort, killBuiltServers, startBuiltServer } from '../support/built-server';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { postSigned, sendGridKeys, signedSendGridPost, storedCounts } from '../support/webhook-load';

/*
 * docs/configuration.md, "The database": a database that stalls (it accepts connections and
 * answers nothing) is answered 503 SERVICE_UNAVAILABLE within DATABASE_ACQUIRE_TIMEOUT_MS +
 * DATABASE_STATEMENT_TIMEOUT_MS + 1 s. The built server reaches its test database through a
 * TCP proxy that holds every connection's traffic (the stall), then releases it (the database
 * answers again, late). The server is never restarted.
 */

const TIMEOUTS = { DATABASE_ACQUIRE_TIMEOUT_MS: '1000', DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '1000' };
/** The documented bound with these settings: acquiring (1 s), then the statement (1 s) and the grace after it (1 s). */
const ANSWER_BOUND_MS = 3_000;
/** A request not answered within three times the bound fails the test (its own timeout). */
const REQUEST_TIMEOUT_MS = 3 * ANSWER_BOUND_MS;
const RECOVERY_BOUND_MS = 30_000;
const API_KEY = 'faults-stall-bootstrap-key-0123456789';
const SENDGRID_PATH = '/api/v1/webhooks/sendgrid';

jest.setTimeout(240_000);

const keys = sendGridKeys();
let database: TestDatabase;
let db: Client;
let proxy: TcpProxy;
let server: BuiltServer;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
  let proxied: string;
  ({ proxy, url: proxied } = await TcpProxy.inFrontOfDatabase(database.url));
  server = await startBuiltServer({
    port: await freePort(),
    env: { DATABASE_URL: proxied, SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64Der, BOOTSTRAP_API_KEY: API_KEY, LOG_LEVEL: 'warn', ...TIMEOUTS },
  });
});

afterAll(async () => {
  proxy?.release();
  await killBuiltServers();
  await proxy?.stop();
  await db?.end();
  await database?.drop();
});

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

async function listBounces(): Promise<Answer> {
  const response = await fetch(`${server.url}/api/v1/bounces`, { headers: { 'X-API-Key': API_KEY }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: response.status, body: await response.json() };
}

async function webhook(ids: readonly string[]): Promise<Answer & { readonly post: ReturnType<typeof signedSendGridPost> }> {
  const post = signedSendGridPost(keys.privateKeyPem, ids);
  const { status, body } = await postSigned(`${server.url}${SENDGRID_PATH}`, post, REQUEST_TIMEOUT_MS);
  return { status, body: JSON.parse(body) as unknown, post };
}

async function recovered(): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < RECOVERY_BOUND_MS) {
    const status = await fetch(`${server.url}/health/ready`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then(
      (response) => response.status,
      () => null,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/health/ready did not answer 200 within ${RECOVERY_BOUND_MS} ms of the database answering again:\n${server.output().slice(-4000)}`);
}

const UNAVAILABLE = { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; retry later' } };

describe('the built server while its database stalls (e2e)', () => {
  it('answers the API and a signed webhook 503 in the error envelope within the bound, then serves again once the database answers, having lost nothing', async () => {
    const before = await webhook(['stall-before-0']);
    expect(before.status).toBe(200);
    expect((await listBounces()).status).toBe(200);

    proxy.hold();
    const stalled = Date.now();
    const timed = <T extends Answer>(answer: Promise<T>) => answer.then((value) => ({ ...value, ms: Date.now() - stalled }));
    let apiAnswers: (Answer & { ms: number })[];
    let webhookAnswers: (Awaited<ReturnType<typeof webhook>> & { ms: number })[];
    try {
      // More requests than the connections left open: some wait on a statement, others on a new connection.
      [apiAnswers, webhookAnswers] = await Promise.all([
        Promise.all(Array.from({ length: 3 }, () => timed(listBounces()))),
        Promise.all(Array.from({ length: 3 }, (_, n) => timed(webhook([`stall-during-${n}-0`, `stall-during-${n}-1`])))),
      ]);
    } finally {
      proxy.release();
    }
    console.log(
      `Database stalled: GET /api/v1/bounces answered ${apiAnswers.map((answer) => `${answer.status} in ${answer.ms} ms`).join(', ')}; ` +
        `the webhook ${webhookAnswers.map((answer) => `${answer.status} in ${answer.ms} ms`).join(', ')}`,
    );

    for (const answer of [...apiAnswers, ...webhookAnswers]) expect(answer).toMatchObject({ status: 503, body: UNAVAILABLE });

    await recovered();
    const list = await listBounces();
    expect(list.status).toBe(200);
    // Stored before the stall, and stored once when re-sent after it, as a provider retries a 503.
    for (const { post } of webhookAnswers) expect((await postSigned(`${server.url}${SENDGRID_PATH}`, post, REQUEST_TIMEOUT_MS)).status).toBe(200);
    const ids = [before, ...webhookAnswers].flatMap((answer) => answer.post.ids);
    expect([...(await storedCounts(db, ids))].filter(([, n]) => n !== 1)).toEqual([]);
  });
});
