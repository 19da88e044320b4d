import { sign } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { type BuiltServer, freePort, killBuiltServers, startBuiltServer } from '../support/built-server';
import { startImapServer } from '../support/imap-server';
import { postfixDsnFor } from '../support/postfix-dsn';
import { TEST_API_KEY } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { is2xx, postSigned, sendGridKeys, type SignedPost, storedCounts } from '../support/webhook-load';

/*
 * docs/scaling.md: several instances of the service on one PostgreSQL. Two built servers take
 * signed SendGrid webhooks at once (single events and batches, some posts sent to both, as a
 * provider that retries on another instance does), their outbound delivery workers both on;
 * one is killed with SIGKILL mid-load and the load goes on against the other. What was
 * acknowledged is stored once, what was not is stored once or not at all and once when the
 * provider re-sends it, every address's state is what its stored events make it, and every
 * `bounce.recorded` reaches its endpoint under one `webhook-id`. And both polling one IMAP
 * mailbox (a real Dovecot) take turns: each message is read and filed once.
 */

jest.setTimeout(300_000);

const SENDGRID_PATH = '/api/v1/webhooks/sendgrid';
const AUTH = { Authorization: `Bearer ${TEST_API_KEY}`, 'Content-Type': 'application/json' };
const SUBSCRIBERS = 40;
/** Soft bounces that suppress: the busiest subscribers of the load reach it, the quietest do not. */
const SOFT_BOUNCE_THRESHOLD = 25;
const POSTS = 700;
const CONCURRENCY = 8;
/** Posts answered before the first server is killed. */
const KILL_AFTER = 250;
/** Deliveries one worker has in flight to one endpoint, at most (the delivery module's `perEndpoint`). */
const PER_ENDPOINT = 4;

const keys = sendGridKeys();
let database: TestDatabase;
let db: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
});

afterAll(async () => {
  await killBuiltServers();
  await db?.end();
  await database?.drop();
});

interface PlannedEvent {
  readonly id: string;
  readonly email: string;
  readonly kind: 'soft' | 'hard';
}

interface PlannedPost extends SignedPost {
  readonly events: readonly PlannedEvent[];
  /** Where it goes while both servers run; 'both' sends it to each at the same moment. */
  readonly route: 'a' | 'b' | 'both';
}

interface Sent {
  readonly post: PlannedPost;
  readonly answers: { readonly server: 'a' | 'b'; readonly status: number | null; readonly error: string | null }[];
}

const subscriberEmail = (index: number) => `multi-${index}@example.com`;

/**
 * Post `n`: every third a batch of 2 to 6 events, the others one event; each event a bounce of
 * its own message for a subscriber drawn with a skew (low numbers get most), soft (a full
 * mailbox, which counts toward the threshold), or now and then hard for every fourth subscriber. Every fifth post goes to both servers.
 */
function plannedPost(n: number, privateKeyPem: string): PlannedPost {
  const count = n % 3 === 0 ? 2 + (n % 5) : 1;
  const timestamp = Math.floor(Date.now() / 1000);
  const events: PlannedEvent[] = [];
  const raw: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `multi-${n}-${i}`;
    const subscriber = Math.floor(Math.random() ** 2 * SUBSCRIBERS);
    const kind = subscriber % 4 === 0 && Math.random() < 0.05 ? 'hard' : 'soft';
    const email = subscriberEmail(subscriber);
    events.push({ id, email, kind });
    raw.push({
      email,
      timestamp,
      'smtp-id': `<${id}@ismtpd-multi>`,
      event: 'bounce',
      ...(kind === 'hard'
        ? {
            type: 'bounce',
            status: '5.1.1',
            reason: '550 5.1.1 The email account that you tried to reach does not exist',
            bounce_classification: 'Invalid Address',
          }
        : {
            type: 'blocked',
            status: '4.2.2',
            reason: '452 4.2.2 The email account that you tried to reach is over quota',
            bounce_classification: 'Mailbox Unavailable',
          }),
      sg_event_id: id,
      sg_message_id: `${id}.filterdrecv-multi.0`,
    });
  }
  const body = JSON.stringify(raw);
  const signature = sign('sha256', Buffer.from(String(timestamp) + body), { key: privateKeyPem, dsaEncoding: 'der' }).toString('base64');
  const route = n % 5 === 0 ? 'both' : n % 2 === 0 ? 'a' : 'b';
  return { ids: events.map((event) => event.id), events, body, timestamp: String(timestamp), signature, route };
}

/** A receiver of outbound webhooks that verifies each with `standardwebhooks` and answers 200. */
async function startReceiver() {
  const state = { secret: '', unverified: 0, received: [] as { webhookId: string; bounceId: number; whileBothRan: boolean }[], bothRunning: true };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      try {
        const payload = new Webhook(state.secret).verify(Buffer.concat(chunks).toString('utf8'), headers) as { type: string; data: { id: number } };
        if (payload.type !== 'bounce.recorded') throw new Error(`unexpected ${payload.type}`);
        state.received.push({ webhookId: headers['webhook-id'], bounceId: payload.data.id, whileBothRan: state.bothRunning });
        res.writeHead(200).end();
      } catch {
        state.unverified += 1;
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(url: string, post: SignedPost): Promise<{ status: number | null; error: string | null }> {
  try {
    return { status: (await postSigned(url, post)).status, error: null };
  } catch (error) {
    return { status: null, error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/** What the stored events make of each subscriber: its status, what suppressed it, its run of soft bounces (null: depends on the order). */
function expectedStates(events: readonly PlannedEvent[]) {
  const expected: Record<string, { status: string; suppressed_by: string | null; consecutive_soft_bounces: number | null }> = {};
  for (let index = 0; index < SUBSCRIBERS; index += 1) {
    const own = events.filter((event) => event.email === subscriberEmail(index));
    const soft = own.filter((event) => event.kind === 'soft').length;
    const hard = own.some((event) => event.kind === 'hard');
    const reachedThreshold = soft >= SOFT_BOUNCE_THRESHOLD;
    expected[subscriberEmail(index)] = {
      status: hard || reachedThreshold ? 'bounced' : 'active',
      suppressed_by: hard ? 'hard-bounce' : reachedThreshold ? 'soft-bounce-threshold' : null,
      // A hard bounce keeps the count as it stood, which depends on how many soft bounces came before it.
      consecutive_soft_bounces: hard ? null : Math.min(soft, SOFT_BOUNCE_THRESHOLD),
    };
  }
  return expected;
}

async function storedStates(hasHard: ReadonlySet<string>) {
  const { rows } = await db.query<{ email: string; status: string; suppressed_by: string | null; consecutive_soft_bounces: number }>(
    'select email, status, suppressed_by, consecutive_soft_bounces from subscribers',
  );
  return Object.fromEntries(
    rows.map(({ email, ...state }) => [email, { ...state, consecutive_soft_bounces: hasHard.has(email) ? null : state.consecutive_soft_bounces }]),
  );
}

async function storedIds(): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>("select provider_event_id as id from bounces where source = 'sendgrid'");
  return new Set(rows.map((row) => row.id));
}

describe('two built servers on one database (e2e)', () => {
  it('one killed with SIGKILL under webhook load: each acknowledged event stored once, every subscriber as its events make it, each bounce.recorded delivered under one webhook-id', async () => {
    const receiver = await startReceiver();
    const [portA, portB] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: database.url,
      BOOTSTRAP_API_KEY: TEST_API_KEY,
      SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64Der,
      SOFT_BOUNCE_THRESHOLD: String(SOFT_BOUNCE_THRESHOLD),
      OUTBOUND_WEBHOOKS_WORKER: 'true',
      OUTBOUND_WEBHOOKS_ALLOW_INSECURE: 'true',
      LOG_LEVEL: 'warn',
    };
    const [a, b]: BuiltServer[] = await Promise.all([startBuiltServer({ port: portA, env }), startBuiltServer({ port: portB, env })]);
    try {
      const registered = await fetch(`${a.url}/api/v1/webhook-endpoints`, {
        method: 'POST',
        headers: AUTH,
        body: JSON.stringify({ url: receiver.url, events: ['bounce.recorded'] }),
      });
      expect(registered.status).toBe(201);
      receiver.state.secret = ((await registered.json()) as { data: { secret: string } }).data.secret;
      for (let index = 0; index < SUBSCRIBERS; index += 1) {
        const server = index % 2 === 0 ? a : b;
        const created = await fetch(`${server.url}/api/v1/subscribers`, {
          method: 'POST',
          headers: AUTH,
          body: JSON.stringify({ email: subscriberEmail(index) }),
        });
        expect(created.status).toBe(201);
      }

      // The load: CONCURRENCY senders; once KILL_AFTER posts are answered, A is killed and every post goes to B.
      const sent: Sent[] = [];
      let next = 0;
      let bothRunning = true;
      let killed: () => void = () => undefined;
      const killMoment = new Promise<void>((resolve) => (killed = resolve));
      const sender = async () => {
        for (let n = next++; n < POSTS; n = next++) {
          const post = plannedPost(n, keys.privateKeyPem);
          const targets: ('a' | 'b')[] = !bothRunning ? (post.route === 'both' ? ['b', 'b'] : ['b']) : post.route === 'both' ? ['a', 'b'] : [post.route];
          const answers = await Promise.all(
            targets.map(async (server) => ({ server, ...(await answer(`${(server === 'a' ? a : b).url}${SENDGRID_PATH}`, post)) })),
          );
          sent.push({ post, answers });
          if (sent.length >= KILL_AFTER) killed();
        }
      };
      const load = Promise.all(Array.from({ length: CONCURRENCY }, sender));
      await killMoment;
      bothRunning = false;
      receiver.state.bothRunning = false;
      a.child.kill('SIGKILL');
      expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await load;

      const events = sent.flatMap((one) => one.post.events);
      const acknowledged = sent.filter((one) => one.answers.some(is2xx));
      const unacknowledged = sent.filter((one) => !one.answers.some(is2xx));
      // The kill cut requests in flight at A; B answered every post sent to it.
      expect(sent.filter((one) => one.answers.some((answer) => answer.server === 'a' && answer.status === null)).length).toBeGreaterThan(0);
      expect(sent.flatMap((one) => one.answers).filter((answer) => answer.server === 'b' && !is2xx(answer))).toEqual([]);

      // Acknowledged: stored exactly once. Not acknowledged: a post is stored whole or not at all. Nothing twice.
      const counts = await storedCounts(
        db,
        events.map((event) => event.id),
      );
      expect(acknowledged.flatMap((one) => one.post.ids).filter((id) => counts.get(id) !== 1)).toEqual([]);
      expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
      expect(unacknowledged.filter((one) => new Set(one.post.ids.map((id) => counts.get(id))).size > 1).map((one) => one.post.ids)).toEqual([]);
      const hasHard = new Set(events.filter((event) => event.kind === 'hard').map((event) => event.email));
      const stored = await storedIds();
      expect(await storedStates(hasHard)).toEqual(expectedStates(events.filter((event) => stored.has(event.id))));

      // The provider re-sends what got no 2xx, to the server left: each stored once.
      for (const one of unacknowledged) expect((await answer(`${b.url}${SENDGRID_PATH}`, one.post)).status).toBe(200);
      const after = await storedCounts(
        db,
        events.map((event) => event.id),
      );
      expect([...after].filter(([, n]) => n !== 1)).toEqual([]);
      const { rows: total } = await db.query<{ n: number }>("select count(*)::int as n from bounces where source = 'sendgrid'");
      expect(total[0].n).toBe(events.length);
      expect(await storedStates(hasHard)).toEqual(expectedStates(events));
      const { rows: softStored } = await db.query<{ n: number }>("select count(*)::int as n from bounces where source = 'sendgrid' and bounce_type = 'soft'");
      expect(softStored[0].n).toBe(events.filter((event) => event.kind === 'soft').length);

      // Every bounce.recorded delivered: those the killed server had in flight come again after their lease, under the same webhook-id.
      const { rows: bounceIds } = await db.query<{ id: number }>("select id::int as id from bounces where source = 'sendgrid' order by id");
      for (const deadline = Date.now() + 120_000; new Set(receiver.state.received.map((one) => one.webhookId)).size < bounceIds.length;) {
        if (Date.now() > deadline) throw new Error(`${new Set(receiver.state.received.map((one) => one.webhookId)).size} of ${bounceIds.length} delivered`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const received = receiver.state.received;
      expect(receiver.state.unverified).toBe(0);
      const bounceOf = new Map<string, Set<number>>();
      for (const one of received) bounceOf.set(one.webhookId, (bounceOf.get(one.webhookId) ?? new Set()).add(one.bounceId));
      expect([...bounceOf.values()].filter((ids) => ids.size !== 1)).toEqual([]); // one webhook-id, one event
      expect([...new Set(received.map((one) => one.bounceId))].sort((x, y) => x - y)).toEqual(bounceIds.map((row) => row.id));
      const whileBoth = received.filter((one) => one.whileBothRan).map((one) => one.webhookId);
      expect(new Set(whileBoth).size).toBe(whileBoth.length); // two running workers never send one delivery twice
      const times = new Map<string, number>();
      for (const one of received) times.set(one.webhookId, (times.get(one.webhookId) ?? 0) + 1);
      const repeated = [...times].filter(([, n]) => n > 1);
      expect(repeated.filter(([, n]) => n > 2)).toEqual([]);
      expect(repeated.length).toBeLessThanOrEqual(PER_ENDPOINT);
      // A worker records an attempt's outcome after its receiver answered: wait for the last records.
      for (const deadline = Date.now() + 30_000; ; await new Promise((resolve) => setTimeout(resolve, 200))) {
        const { rows } = await db.query<{ n: number }>("select count(*)::int as n from webhook_deliveries where status = 'pending'");
        if (rows[0].n === 0 || Date.now() > deadline) break;
      }
      const { rows: deliveries } = await db.query<{ status: string; n: number; attempts: number }>(
        'select status, count(*)::int as n, sum(attempts)::int as attempts from webhook_deliveries group by status',
      );
      expect(deliveries).toEqual([{ status: 'delivered', n: bounceIds.length, attempts: bounceIds.length }]);

      const activeWithSoft = Object.values(expectedStates(events)).filter((state) => state.status === 'active' && state.consecutive_soft_bounces! > 0).length;
      console.log(
        `Two instances, one killed: ${sent.length} posts (${events.length} events, ${sent.filter((one) => one.post.route === 'both').length} sent to both), ` +
          `${acknowledged.length} acknowledged, ${unacknowledged.length} not (re-sent, ${unacknowledged.filter((one) => counts.get(one.post.ids[0]) === 1).length} had been stored); ` +
          `subscribers: ${activeWithSoft} active with soft bounces, ${SUBSCRIBERS - activeWithSoft} otherwise; ` +
          `${received.length} webhook requests for ${bounceIds.length} deliveries, ${repeated.length} sent again after the kill`,
      );
      expect(await b.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      await receiver.close();
    }
  });

  it('has one of them at a time poll a shared mailbox: each message is read, recorded and filed once', async () => {
    const imap = await startImapServer();
    const client = await imap.client();
    try {
      const MESSAGES = 24;
      for (let n = 0; n < MESSAGES; n += 1) await client.append('INBOX', postfixDsnFor(`polled-${n}@example.com`, `polled-${n}@mx.mail.example.net`));
      const env = {
        DATABASE_URL: database.url,
        INBOUND_IMAP_URL: imap.url(),
        INBOUND_IMAP_POLL_SECONDS: '1',
        OUTBOUND_WEBHOOKS_WORKER: 'false',
        LOG_LEVEL: 'warn',
      };
      const servers = await Promise.all([startBuiltServer({ port: await freePort(), env }), startBuiltServer({ port: await freePort(), env })]);

      const count = async (folder: string) => {
        const status = await client.status(folder, { messages: true }).catch(() => false as const);
        return status === false ? 0 : (status.messages ?? 0);
      };
      for (const deadline = Date.now() + 60_000; (await count('INBOX')) > 0;) {
        if (Date.now() > deadline) throw new Error(`${await count('INBOX')} of ${MESSAGES} messages still in the inbox`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      // What each server ingested from the mailbox: every report recorded by one of them, none read twice.
      const outcomes: Record<string, number> = {};
      for (const server of servers) {
        const text = await (await fetch(`${server.url}/metrics`)).text();
        for (const [, outcome, value] of text.matchAll(/^bounce_reports_total\{source="inbound",outcome="(\w+)"\} (\d+)$/gm)) {
          outcomes[outcome] = (outcomes[outcome] ?? 0) + Number(value);
        }
      }
      expect(outcomes).toEqual({ recorded: MESSAGES });
      expect(await count('Processed')).toBe(MESSAGES);
      const { rows } = await db.query<{ n: number }>("select count(distinct provider_event_id)::int as n from bounces where source = 'inbound'");
      expect(rows[0].n).toBe(MESSAGES);
      for (const server of servers) expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      await client.logout();
      await imap.stop();
    }
  });
});
