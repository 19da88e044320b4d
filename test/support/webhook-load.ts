import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Client } from 'pg';
import { withTimeout } from './built-server';

/*
 * Drives test/support/webhook-load.mjs (signed SendGrid posts from a child process) and reads
 * what it wrote: one record per request that ended.
 */

export interface LoadRecord {
  readonly n: number;
  /** The sg_event_ids the post carried. */
  readonly ids: readonly string[];
  /** The HTTP status, or null when no answer came (`error` says why). */
  readonly status: number | null;
  readonly error: string | null;
  readonly ms: number;
  readonly body: string;
  readonly timestamp: string;
  readonly signature: string;
}

export interface LoadSummary {
  readonly sent: number;
  readonly answered: number;
  readonly status2xx: number;
  readonly statuses: Record<string, number>;
  readonly noAnswer: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly privateKeyPem: string;
  readonly outFile: string;
  readonly prefix: string;
  readonly concurrency?: number;
  readonly maxEventsPerRequest?: number;
  readonly maxRequests?: number;
  readonly maxDurationMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface LoadRun {
  readonly child: ChildProcess;
  /** The requests that have ended so far. */
  records(): LoadRecord[];
  /** Stops sending, lets the requests in flight end, and returns the generator's summary. */
  stop(timeoutMs?: number): Promise<LoadSummary>;
}

/** A P-256 key pair as SendGrid's signed event webhook uses: the private half signs, the server gets the public half. */
export function sendGridKeys(): { privateKeyPem: string; publicKeyBase64Der: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyBase64Der: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

const running = new Set<ChildProcess>();

export function startWebhookLoad(options: LoadOptions): LoadRun {
  fs.writeFileSync(options.outFile, '');
  const child = spawn(process.execPath, [path.join(__dirname, 'webhook-load.mjs'), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    records: () => readLoadRecords(options.outFile),
    stop: async (timeoutMs = 30_000) => {
      child.stdin!.end();
      const code = await withTimeout(exited, timeoutMs, 'the load generator stopping');
      if (code !== 0) throw new Error(`The load generator exited with ${code}:\n${stderr}`);
      return JSON.parse(stdout.trim().split('\n').pop()!) as LoadSummary;
    },
  };
}

/** Kills the load generators still running (for afterAll). */
export function killWebhookLoads(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** The complete lines of the generator's output file. */
export function readLoadRecords(file: string): LoadRecord[] {
  const text = fs.readFileSync(file, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as LoadRecord);
}

export const is2xx = (record: { status: number | null }): boolean => record.status !== null && record.status >= 200 && record.status < 300;

/** A signed post as SendGrid's: one hard bounce per id (address `<id>@example.com`), as the generator makes them. */
export function signedSendGridPost(privateKeyPem: string, ids: readonly string[]): SignedPost {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = JSON.stringify(
    ids.map((id) => ({
      email: `${id}@example.com`,
      timestamp: Number(timestamp),
      'smtp-id': `<${id}@ismtpd-test>`,
      event: 'bounce',
      type: 'bounce',
      status: '5.1.1',
      reason: '550 5.1.1 The email account that you tried to reach does not exist',
      bounce_classification: 'Invalid Address',
      sg_event_id: id,
      sg_message_id: `${id}.filterdrecv-test.0`,
    })),
  );
  const signature = sign('sha256', Buffer.from(timestamp + body), { key: privateKeyPem, dsaEncoding: 'der' }).toString('base64');
  return { ids, body, timestamp, signature };
}

export type SignedPost = Pick<LoadRecord, 'ids' | 'body' | 'timestamp' | 'signature'>;

/** Posts a signed body (again), byte for byte with its signature, as SendGrid (re-)delivers. */
export function postSigned(url: string, record: SignedPost, timeoutMs = 15_000): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(record.body),
          'X-Twilio-Email-Event-Webhook-Signature': record.signature,
          'X-Twilio-Email-Event-Webhook-Timestamp': record.timestamp,
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body, headers: response.headers }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(record.body);
  });
}

/** Posts (again) every signed body, a few at a time; resolves with the statuses in the records' order. */
export async function postAllSigned(url: string, records: readonly SignedPost[], concurrency = 4): Promise<number[]> {
  const statuses = new Array<number>(records.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < records.length; index = next++) statuses[index] = (await postSigned(url, records[index])).status;
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

/** How many bounces from SendGrid are stored for each of the sg_event_ids (0 for none). */
export async function storedCounts(client: Client, ids: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map(ids.map((id) => [id, 0]));
  for (let start = 0; start < ids.length; start += 10_000) {
    const { rows } = await client.query<{ id: string; n: number }>(
      "select provider_event_id as id, count(*)::int as n from bounces where source = 'sendgrid' and provider_event_id = any($1) group by provider_event_id",
      [ids.slice(start, start + 10_000)],
    );
    for (const row of rows) counts.set(row.id, row.n);
  }
  return counts;
}
