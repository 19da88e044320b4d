/**
 * What both baselines (server.ts, the peer; minimal-server.ts, the floor) read from a request
 * alike: the body and its JSON, the fields of `POST /api/v1/bounces`, SendGrid's signature and
 * events, and the JSON answers. Apart, so that a difference between the two baselines' figures
 * is a difference of their work on the database and the API key, never of their parsing.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import * as http from 'node:http';

export const API_BODY_LIMIT = 1024 * 1024;
export const WEBHOOK_BODY_LIMIT = 10 * 1024 * 1024;
const MAX_AGE_SECONDS = 72 * 3600;
const MAX_SKEW_SECONDS = 15 * 60;
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[a-z0-9.-]{1,253}$/;

export type Status = 'active' | 'bounced' | 'unsubscribed';

export type Kind = 'hard' | 'soft' | 'complaint' | 'delivery';

export interface BenchEvent {
  email: string;
  kind: Kind;
  subtype: string | null;
  diagnostic: string | null;
  source: string;
  eventId: string | null;
  messageId: string | null;
  campaignId: string | null;
  raw: unknown;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

export function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The body is too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function jsonOf(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'VALIDATION_ERROR', 'The body is not valid JSON');
  }
}

export function normalisedEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

function optionalText(body: Record<string, unknown>, name: string, max: number): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > max) throw new HttpError(400, 'VALIDATION_ERROR', `${name} must be a string of at most ${max} characters`);
  return value;
}

const API_FIELDS = new Set(['email', 'bounce_type', 'bounce_subtype', 'diagnostic_code', 'campaign_id']);

export function apiBounce(body: unknown): BenchEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'VALIDATION_ERROR', 'The body must be an object');
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (!API_FIELDS.has(key)) throw new HttpError(400, 'VALIDATION_ERROR', `${key} is not allowed`);
  const email = normalisedEmail(fields.email);
  if (email === null) throw new HttpError(400, 'VALIDATION_ERROR', 'email must be a valid e-mail address');
  const type = fields.bounce_type;
  if (type !== 'hard' && type !== 'soft' && type !== 'complaint') throw new HttpError(400, 'VALIDATION_ERROR', 'bounce_type must be hard, soft or complaint');
  return {
    email,
    kind: type,
    subtype: optionalText(fields, 'bounce_subtype', 255),
    diagnostic: optionalText(fields, 'diagnostic_code', 4000),
    source: 'api',
    eventId: null,
    messageId: null,
    campaignId: optionalText(fields, 'campaign_id', 100),
    raw: null,
  };
}

/** SENDGRID_WEBHOOK_PUBLIC_KEY (base64 DER), or null when unset. */
export function sendGridKeyFromEnv(): KeyObject | null {
  const key = process.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  return key ? createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' }) : null;
}

/** The ECDSA P-256 signature over timestamp + raw body, and the timestamp window. */
export function verifySendGrid(sendgridKey: KeyObject | null, request: http.IncomingMessage, raw: Buffer): void {
  if (sendgridKey === null) throw new HttpError(503, 'NOT_CONFIGURED', 'SENDGRID_WEBHOOK_PUBLIC_KEY is unset');
  const signature = request.headers['x-twilio-email-event-webhook-signature'];
  const timestamp = request.headers['x-twilio-email-event-webhook-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    throw new HttpError(401, 'UNAUTHORIZED', 'The signature headers are required');
  }
  const age = Date.now() / 1000 - Number(timestamp);
  if (age > MAX_AGE_SECONDS || age < -MAX_SKEW_SECONDS) throw new HttpError(401, 'UNAUTHORIZED', 'The signature timestamp is outside the window');
  let valid = false;
  try {
    valid = verify('sha256', Buffer.concat([Buffer.from(timestamp), raw]), { key: sendgridKey, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) throw new HttpError(401, 'UNAUTHORIZED', 'The SendGrid signature does not match');
}

export function sendGridEvent(element: unknown): BenchEvent | null {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return null;
  const raw = element as Record<string, unknown>;
  const label = typeof raw.event === 'string' ? raw.event.trim().toLowerCase() : null;
  let kind: Kind;
  if (label === 'bounce') kind = raw.type === undefined || raw.type === 'bounce' ? 'hard' : 'soft';
  else if (label === 'dropped') {
    const reason = typeof raw.reason === 'string' ? raw.reason.trim().toLowerCase() : '';
    if (reason === 'bounced address' || reason === 'invalid') kind = 'hard';
    else if (reason === 'spam reporting address') kind = 'complaint';
    else return null;
  } else if (label === 'spamreport') kind = 'complaint';
  else if (label === 'delivered') kind = 'delivery';
  else return null;
  const email = normalisedEmail(raw.email);
  if (email === null) return null;
  const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value.length > 0 ? value.slice(0, max) : null);
  const messageId = text(raw.sg_message_id, 255);
  return {
    email,
    kind,
    subtype: kind === 'hard' || kind === 'soft' ? text(raw.type, 255) : null,
    diagnostic: text(raw.reason, 4000),
    source: 'sendgrid',
    eventId: text(raw.sg_event_id, 255),
    messageId: messageId === null ? null : messageId.split('.', 1)[0],
    campaignId: text(raw.campaign_id, 100),
    raw,
  };
}

/**
 * Listens on PORT (3100) of 127.0.0.1, answering what `handle` gives in the success envelope, an
 * `HttpError` in the error envelope, anything else as a 500; SIGTERM or SIGINT closes the server
 * and `pool`, then exits 0.
 */
export function serve(handle: (request: http.IncomingMessage) => Promise<[number, unknown]>, pool: { end(): Promise<void> }): void {
  const server = http.createServer((request, response) => {
    handle(request)
      .then(([status, body]) => send(response, status, { success: true, data: body }))
      .catch((error: unknown) => {
        if (error instanceof HttpError) send(response, error.status, { success: false, error: { code: error.code, message: error.message } });
        else {
          console.error(error);
          send(response, 500, { success: false, error: { code: 'INTERNAL_ERROR', message: 'Internal error' } });
        }
      });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    void pool.end().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
