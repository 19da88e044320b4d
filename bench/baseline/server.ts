/**
 * The benchmark's comparison: the same endpoints as the service, hand-written on `node:http`
 * and `pg` over the same schema, doing the same work per request and nothing more:
 *
 * - API key: one indexed look-up by the key's SHA-256 (as the service does).
 * - A bounce (API or webhook event): one transaction; the subscriber row `for update` (an
 *   address without a subscriber: an advisory lock and its `address_states` row), the
 *   message-once look-up for a soft bounce, the bounce inserted with its dedupe key
 *   `on conflict do nothing`, the subscriber updated, a status change logged when the
 *   status moves. A webhook batch is one transaction, events taken in address order.
 * - SendGrid: the ECDSA P-256 signature over timestamp + raw body, the timestamp window.
 * - SparkPost: the HTTP Basic credentials compared in constant time over their SHA-256; each
 *   `msys.message_event` read naively (`bounce_class` 10 and 30 hard, 60/80/90/100 ignored, any
 *   other class soft; no classification of the answer), keyed by `event_id`.
 * - List: the page query and an exact `count(*)`, side by side.
 * - Suppression check: one query for all addresses.
 * - Raw bounce mail: the message parsed with the same postal-mime as the service, then a
 *   naive reading: the recipients of `message/delivery-status` parts whose action is failed
 *   (`Status: 5…` hard, else soft) and the `Original-Rcpt-To` of `message/feedback-report`
 *   parts (complaints), stored one row per recipient as above, keyed by Message-ID and
 *   recipient. No text bounce (qmail, Exchange's HTML), no classification, no VERP: less work
 *   than the service's reader, so a ratio against it flatters the baseline.
 *
 * Environment: DATABASE_URL, PORT, SENDGRID_WEBHOOK_PUBLIC_KEY (base64 DER),
 * SPARKPOST_WEBHOOK_BASIC_AUTH (`user:password`, comma-separated pairs), POOL_MAX (10,
 * the service's pool size), SOFT_BOUNCE_THRESHOLD (3).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type * as http from 'node:http';
import { Pool, type PoolClient } from 'pg';
import PostalMime from 'postal-mime';
import {
  API_BODY_LIMIT,
  apiBounce,
  type BenchEvent,
  HttpError,
  jsonOf,
  type Kind,
  normalisedEmail,
  readBody,
  requiredEnv,
  sendGridEvent,
  sendGridKeyFromEnv,
  serve,
  sha256,
  type Status,
  verifySendGrid,
  WEBHOOK_BODY_LIMIT,
} from './requests';

const MAX_CHECK = 1000;
const MAIL_BODY_LIMIT = 10 * 1024 * 1024;
const MAIL_CONTENT_TYPE = /^\s*(message\/rfc822|text\/plain|application\/octet-stream)\s*(;|$)/i;
const KEPT_MESSAGE_BYTES = 12 * 1024;
const SOFT_THRESHOLD = Number(process.env.SOFT_BOUNCE_THRESHOLD ?? 3);

const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: Number(process.env.POOL_MAX ?? 10) });
const sendgridKey = sendGridKeyFromEnv();
const sparkpostCredentials: readonly Buffer[] = (process.env.SPARKPOST_WEBHOOK_BASIC_AUTH ?? '')
  .split(',')
  .map((pair) => pair.trim())
  .filter((pair) => pair.length > 0)
  .map(sha256);

async function handle(request: http.IncomingMessage): Promise<[number, unknown]> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const route = `${request.method} ${url.pathname}`;
  switch (route) {
    case 'GET /health/ready':
      await pool.query('select 1');
      return [200, { status: 'up', database: 'up' }];
    case 'POST /api/v1/bounces': {
      await authenticate(request);
      const event = apiBounce(jsonOf(await readBody(request, API_BODY_LIMIT)));
      const [outcome] = await ingest([event]);
      if (outcome.result !== 'recorded') throw new Error(`an API bounce was not recorded (${outcome.result})`);
      return [201, { bounce_id: outcome.bounceId }];
    }
    case 'GET /api/v1/bounces': {
      await authenticate(request);
      return [200, await listBounces(intParam(url, 'limit', 20, 1, 100), intParam(url, 'offset', 0, 0, Number.MAX_SAFE_INTEGER))];
    }
    case 'POST /api/v1/suppressions/check': {
      await authenticate(request);
      return [200, await checkSuppressions(jsonOf(await readBody(request, API_BODY_LIMIT)))];
    }
    case 'POST /api/v1/webhooks/sendgrid': {
      const raw = await readBody(request, WEBHOOK_BODY_LIMIT);
      verifySendGrid(sendgridKey, request, raw);
      const batch = jsonOf(raw);
      if (!Array.isArray(batch)) throw new HttpError(400, 'VALIDATION_ERROR', 'The body must be a JSON array of events');
      const events = batch.map(sendGridEvent).filter((event): event is BenchEvent => event !== null);
      const outcomes = await ingest(events);
      const recorded = outcomes.filter((outcome) => outcome.result === 'recorded').length;
      const duplicates = outcomes.filter((outcome) => outcome.result === 'duplicate').length;
      return [200, { received: batch.length, recorded, duplicates, ignored: batch.length - recorded - duplicates }];
    }
    case 'POST /api/v1/webhooks/sparkpost': {
      verifySparkPost(request);
      const batch = jsonOf(await readBody(request, WEBHOOK_BODY_LIMIT));
      if (!Array.isArray(batch)) throw new HttpError(400, 'VALIDATION_ERROR', 'The body must be a JSON array of events');
      const events = batch.map(sparkPostEvent).filter((event): event is BenchEvent => event !== null);
      const outcomes = await ingest(events);
      const recorded = outcomes.filter((outcome) => outcome.result === 'recorded').length;
      const duplicates = outcomes.filter((outcome) => outcome.result === 'duplicate').length;
      return [200, { received: batch.length, recorded, duplicates, ignored: batch.length - recorded - duplicates }];
    }
    case 'POST /api/v1/inbound/mail': {
      await authenticate(request);
      if (!MAIL_CONTENT_TYPE.test(request.headers['content-type'] ?? '')) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Post one raw message');
      const raw = await readBody(request, MAIL_BODY_LIMIT);
      const events = await inboundEvents(raw);
      const reports = events.map((event) => ({ email: event.email, kind: event.kind === 'complaint' ? 'complaint' : 'bounce', bounce_type: event.kind }));
      if (url.searchParams.get('dry_run') === 'true' || events.length === 0) {
        return [200, { received: events.length, recorded: 0, duplicates: 0, ignored: events.length, reports }];
      }
      const outcomes = await ingest(events);
      const recorded = outcomes.filter((outcome) => outcome.result === 'recorded').length;
      const duplicates = outcomes.filter((outcome) => outcome.result === 'duplicate').length;
      return [200, { received: events.length, recorded, duplicates, ignored: events.length - recorded - duplicates, reports }];
    }
    default:
      throw new HttpError(404, 'NOT_FOUND', `No route ${route}`);
  }
}

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new HttpError(400, 'VALIDATION_ERROR', `${name} must be an integer from ${min} to ${max}`);
  return value;
}

async function authenticate(request: http.IncomingMessage): Promise<void> {
  const authorization = request.headers.authorization;
  const header = request.headers['x-api-key'];
  const presented =
    typeof authorization === 'string' ? (/^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '') : typeof header === 'string' ? header.trim() : '';
  if (presented.length === 0) throw new HttpError(401, 'UNAUTHORIZED', 'An API key is required');
  const hash = createHash('sha256').update(presented, 'utf8').digest('hex');
  const { rows } = await pool.query<{ permissions: string[]; revoked_at: Date | null }>(
    'select "permissions", "revoked_at" from "api_keys" where "key_hash" = $1',
    [hash],
  );
  if (rows.length === 0 || rows[0].revoked_at !== null) throw new HttpError(401, 'UNAUTHORIZED', 'The API key is not valid');
  if (!rows[0].permissions.includes('subscribers')) throw new HttpError(403, 'FORBIDDEN', 'The API key lacks the subscribers permission');
}

function verifySparkPost(request: http.IncomingMessage): void {
  if (sparkpostCredentials.length === 0) throw new HttpError(503, 'NOT_CONFIGURED', 'SPARKPOST_WEBHOOK_BASIC_AUTH is unset');
  const encoded = /^Basic\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (encoded === undefined) throw new HttpError(401, 'UNAUTHORIZED', 'HTTP Basic credentials are required');
  const digest = sha256(Buffer.from(encoded, 'base64').toString('utf8'));
  let matched = false;
  for (const configured of sparkpostCredentials) matched = timingSafeEqual(digest, configured) || matched;
  if (!matched) throw new HttpError(401, 'UNAUTHORIZED', 'The credentials are not the configured ones');
}

const SPARKPOST_HARD = new Set(['10', '30']);
const SPARKPOST_NOT_FAILURES = new Set(['60', '80', '90', '100']);

function sparkPostEvent(element: unknown): BenchEvent | null {
  const msys = typeof element === 'object' && element !== null ? (element as { msys?: unknown }).msys : undefined;
  const event = typeof msys === 'object' && msys !== null ? (msys as { message_event?: unknown }).message_event : undefined;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return null;
  const raw = event as Record<string, unknown>;
  const type = typeof raw.type === 'string' ? raw.type.trim().toLowerCase() : null;
  const bounceClass = typeof raw.bounce_class === 'string' || typeof raw.bounce_class === 'number' ? String(raw.bounce_class).trim() : '';
  let kind: Kind;
  if (type === 'bounce' || type === 'out_of_band' || type === 'policy_rejection') {
    if (SPARKPOST_NOT_FAILURES.has(bounceClass)) return null;
    kind = SPARKPOST_HARD.has(bounceClass) ? 'hard' : 'soft';
  } else if (type === 'spam_complaint') kind = 'complaint';
  else if (type === 'delivery') kind = 'delivery';
  else return null;
  const email = normalisedEmail(raw.rcpt_to);
  if (email === null) return null;
  const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value.length > 0 ? value.slice(0, max) : null);
  const meta = typeof raw.rcpt_meta === 'object' && raw.rcpt_meta !== null ? (raw.rcpt_meta as Record<string, unknown>) : {};
  return {
    email,
    kind,
    subtype: kind === 'hard' || kind === 'soft' ? text(bounceClass, 255) : null,
    diagnostic: text(raw.raw_reason, 4000),
    source: 'sparkpost',
    eventId: text(raw.event_id, 255),
    messageId: text(raw.message_id, 255),
    campaignId: text(meta.campaign_id, 100) ?? text(raw.campaign_id, 100),
    raw,
  };
}

/** The naive reading of a received message: failed DSN recipients and ARF complaints, one event each. */
async function inboundEvents(raw: Buffer): Promise<BenchEvent[]> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'utf8', forceRfc822Attachments: true, maxNestingDepth: 24, maxHeadersSize: 1024 * 1024 });
  } catch {
    throw new HttpError(400, 'VALIDATION_ERROR', 'The message cannot be read');
  }
  const messageId = (email.messageId ?? '').replace(/[<>]/g, '') || createHash('sha256').update(raw).digest('hex');
  const parts = email.attachments.map((part) => ({
    type: part.mimeType.toLowerCase(),
    text: typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content),
  }));
  const original = parts.find((part) => part.type === 'text/rfc822-headers' || part.type === 'message/rfc822')?.text ?? '';
  const originalId = /^Message-ID:\s*<([^>]+)>/im.exec(original)?.[1] ?? null;
  const campaignId = /^X-Campaign-Id:\s*(\S+)/im.exec(original)?.[1] ?? null;
  const kept = { message: raw.subarray(0, KEPT_MESSAGE_BYTES).toString('utf8'), bytes: raw.length, truncated: raw.length > KEPT_MESSAGE_BYTES };
  const events: BenchEvent[] = [];
  const add = (address: string | undefined, kind: Kind, diagnostic: string | null): void => {
    const recipient = normalisedEmail(address?.replace(/[<>]/g, ''));
    if (recipient === null) return;
    events.push({
      email: recipient,
      kind,
      subtype: null,
      diagnostic,
      source: 'inbound',
      eventId: `${messageId}:${recipient}`,
      messageId: originalId,
      campaignId,
      raw: kept,
    });
  };
  for (const part of parts) {
    if (part.type === 'message/delivery-status') {
      for (const block of part.text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n\s*\r?\n/)) {
        if (!/^Action:\s*failed/im.test(block)) continue;
        const status = /^Status:\s*(\d)/im.exec(block)?.[1];
        add(
          /^Final-Recipient:\s*rfc822;\s*(\S+)/im.exec(block)?.[1],
          status === '5' ? 'hard' : 'soft',
          /^Diagnostic-Code:\s*(.+)$/im.exec(block)?.[1]?.trim() ?? null,
        );
      }
    } else if (part.type === 'message/feedback-report') {
      add(/^Original-Rcpt-To:\s*(\S+)/im.exec(part.text)?.[1], 'complaint', null);
    }
  }
  return events;
}

type Outcome = { result: 'recorded'; bounceId: number } | { result: 'duplicate' | 'applied' | 'ignored' };

/** One transaction for all the events, addresses in one order so that batches cannot deadlock. */
async function ingest(events: readonly BenchEvent[]): Promise<Outcome[]> {
  const order = events.map((_, index) => index).sort((a, b) => (events[a].email < events[b].email ? -1 : events[a].email > events[b].email ? 1 : 0));
  const outcomes = new Array<Outcome>(events.length);
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (const index of order) outcomes[index] = await ingestOne(client, events[index]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return outcomes;
}

async function ingestOne(client: PoolClient, event: BenchEvent): Promise<Outcome> {
  const subscriber = await client.query<{ id: string; status: Status; consecutive_soft_bounces: number }>(
    'select "id", "status", "consecutive_soft_bounces" from "subscribers" where "email" = $1 for update',
    [event.email],
  );
  let subscriberId: string | null = null;
  let status: Status = 'active';
  let soft = 0;
  if (subscriber.rows.length > 0) {
    ({ id: subscriberId, status, consecutive_soft_bounces: soft } = subscriber.rows[0]);
  } else {
    await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [event.email]);
    const state = await client.query<{ status: Status; consecutive_soft_bounces: number }>(
      'select "status", "consecutive_soft_bounces" from "address_states" where "email" = $1',
      [event.email],
    );
    if (state.rows.length > 0) ({ status, consecutive_soft_bounces: soft } = state.rows[0]);
  }

  // The policy (docs/policy.md).
  let next: Status = status;
  let nextSoft = soft;
  let reason: string | null = null;
  if (event.kind === 'hard') {
    if (status === 'active') [next, reason] = ['bounced', 'hard_bounce'];
  } else if (event.kind === 'complaint') {
    if (status !== 'unsubscribed') [next, reason] = ['unsubscribed', 'complaint'];
  } else if (event.kind === 'soft') {
    const counted =
      status === 'active' &&
      event.messageId !== null &&
      (
        await client.query(`select 1 from "bounces" where "email" = $1 and "provider_message_id" = $2 and "bounce_type" = 'soft' limit 1`, [
          event.email,
          event.messageId,
        ])
      ).rows.length > 0;
    if (status === 'active' && !counted) {
      nextSoft = soft + 1;
      if (nextSoft >= SOFT_THRESHOLD) [next, reason] = ['bounced', 'soft_bounce_threshold'];
    }
  } else if (status === 'active') {
    nextSoft = 0;
  }

  let bounceId: number | null = null;
  if (event.kind !== 'delivery') {
    const inserted = await client.query<{ id: string }>(
      // The dedupe key is claimed in `bounce_dedupe_keys` (bounces are partitioned by month), the bounce stored only when it was new.
      `with "r" as materialized (select nextval(pg_get_serial_sequence('bounces', 'id')) as "id", now() as "created_at"),
       "claimed" as (
         insert into "bounce_dedupe_keys" ("source", "provider_event_id", "bounce_id", "created_at")
         select $5::text, $9::text, "id", "created_at" from "r" where $9::text is not null
         on conflict do nothing
         returning "bounce_id")
       insert into "bounces" ("id", "email", "bounce_type", "bounce_subtype", "diagnostic_code", "source", "subscriber_id",
         "campaign_id", "provider_message_id", "provider_event_id", "raw_payload", "created_at")
       overriding system value
       select "id", $1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint, $7::text, $8::text, $9::text, $10::jsonb, "created_at"
         from "r" where $9::text is null or exists (select 1 from "claimed")
       returning "id"`,
      [
        event.email,
        event.kind,
        event.subtype,
        event.diagnostic,
        event.source,
        subscriberId,
        event.campaignId,
        event.messageId,
        event.eventId,
        event.raw === null ? null : JSON.stringify(event.raw),
      ],
    );
    if (inserted.rows.length === 0) return { result: 'duplicate' };
    bounceId = Number(inserted.rows[0].id);
  }

  const changed = next !== status;
  if (bounceId !== null || changed || nextSoft !== soft) {
    const bounced = bounceId !== null;
    if (subscriberId !== null) {
      await client.query(
        `update "subscribers" set "status" = $1, "consecutive_soft_bounces" = $2,
           "last_bounce_at" = case when $3 then now() else "last_bounce_at" end,
           "status_changed_at" = case when $4 then now() else "status_changed_at" end, "updated_at" = now()
         where "id" = $5`,
        [next, nextSoft, bounced, changed, subscriberId],
      );
    } else {
      await client.query(
        `insert into "address_states" ("email", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at")
         values ($1, $2, $3, case when $4 then now() end, case when $5 then now() end)
         on conflict ("email") do update set "status" = excluded."status", "consecutive_soft_bounces" = excluded."consecutive_soft_bounces",
           "last_bounce_at" = coalesce(excluded."last_bounce_at", "address_states"."last_bounce_at"),
           "status_changed_at" = coalesce(excluded."status_changed_at", "address_states"."status_changed_at"), "updated_at" = now()`,
        [event.email, next, nextSoft, bounced, changed],
      );
    }
  }
  if (changed && reason !== null) {
    await client.query(
      `insert into "status_changes" ("email", "subscriber_id", "previous_status", "status", "reason", "bounce_id") values ($1, $2, $3, $4, $5, $6)`,
      [event.email, subscriberId, status, next, reason, bounceId],
    );
  }
  if (bounceId !== null) return { result: 'recorded', bounceId };
  return { result: changed || nextSoft !== soft ? 'applied' : 'ignored' };
}

interface BounceRow {
  id: string;
  email: string;
  bounce_type: string;
  bounce_subtype: string | null;
  source: string;
  campaign_name: string | null;
  subscriber_name: string | null;
  created_at: Date;
}

async function listBounces(limit: number, offset: number): Promise<unknown> {
  const [page, count] = await Promise.all([
    pool.query<BounceRow>(
      `select b."id", b."email", b."bounce_type", b."bounce_subtype", b."source", b."created_at",
         c."name" as "campaign_name", s."name" as "subscriber_name"
       from "bounces" b
         left join "campaigns" c on c."id" = b."campaign_id"
         left join "subscribers" s on s."id" = b."subscriber_id"
       order by b."created_at" desc, b."id" desc limit $1 offset $2`,
      [limit, offset],
    ),
    pool.query<{ total: string }>('select count(*) as "total" from "bounces"'),
  ]);
  return {
    bounces: page.rows.map((row) => ({
      id: Number(row.id),
      email: row.email,
      bounce_type: row.bounce_type,
      bounce_subtype: row.bounce_subtype,
      source: row.source,
      campaign_name: row.campaign_name,
      subscriber_name: row.subscriber_name,
      created_at: row.created_at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })),
    total: Number(count.rows[0].total),
    limit,
    offset,
  };
}

async function checkSuppressions(body: unknown): Promise<unknown> {
  const emails = (body as { emails?: unknown } | null)?.emails;
  if (!Array.isArray(emails) || emails.length < 1 || emails.length > MAX_CHECK || !emails.every((email) => typeof email === 'string' && email.length <= 320)) {
    throw new HttpError(400, 'VALIDATION_ERROR', `emails must be 1 to ${MAX_CHECK} strings`);
  }
  const parsed = (emails as string[]).map(normalisedEmail);
  const distinct = [...new Set(parsed.filter((email): email is string => email !== null))];
  const statuses = new Map<string, Status>();
  if (distinct.length > 0) {
    const { rows } = await pool.query<{ email: string; status: Status }>(
      `select "email", "status" from "subscribers" where "email" = any($1::text[])
       union all
       select "email", "status" from "address_states" where "email" = any($1::text[])`,
      [distinct],
    );
    for (const row of rows) statuses.set(row.email, row.status);
  }
  return {
    results: parsed.map((email, index) => {
      if (email === null) return { email: (emails[index] as string).trim().toLowerCase(), sendable: false, reason: 'invalid_address' };
      const status = statuses.get(email) ?? 'active';
      return { email, sendable: status === 'active', reason: status === 'active' ? null : status };
    }),
  };
}

serve(handle, pool);
