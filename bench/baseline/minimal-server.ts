/**
 * The benchmark's floor: the least work the HTTP contract allows for one bounce, hand-written
 * on `node:http` and `pg` over the same schema, for the single-event scenarios only
 * (`POST /api/v1/bounces` and `POST /api/v1/webhooks/sendgrid`). Not a peer of the service,
 * as server.ts is, but a bound: a service / minimal ratio says how much of the least possible
 * cost the service's own work adds, not how well it does that work.
 *
 * Per event:
 *
 * - API key: its SHA-256 looked up in memory. The keys (hash, permissions, not revoked) are
 *   read once at start, before the server listens: no database round trip per request.
 * - SendGrid: the ECDSA P-256 signature over timestamp + raw body and the timestamp window, as
 *   the contract requires (the same code as server.ts, in requests.ts).
 * - A bounce (hard, soft, complaint): ONE prepared statement in autocommit, no BEGIN/COMMIT,
 *   no lock taken before it: a data-modifying CTE that inserts the bounce with its dedupe key
 *   (claimed in `bounce_dedupe_keys`, `on conflict do nothing`, as the partitioned table requires; the subscriber's id found by a sub-select) and, only when the row
 *   was inserted, updates the subscriber by the policy in the update's own expressions, read
 *   from the row under the row lock the update takes (so concurrent bounces for one subscriber
 *   are applied one after the other, each on the other's result): a hard bounce makes an
 *   `active` subscriber `bounced`; a complaint makes any subscriber `unsubscribed`; a soft
 *   bounce adds one to an `active` subscriber's consecutive count, `bounced` when the count
 *   reaches SOFT_BOUNCE_THRESHOLD; a suppressed subscriber keeps its status; the last bounce
 *   time always, the status change time when the status moves. A re-delivered event inserts
 *   nothing and so updates nothing: a duplicate.
 * - A delivery: one statement resetting the count of an address whose count is not 0.
 * - A webhook batch: its events one statement each, one after the other (no transaction
 *   around them; each event is stored and applied atomically by its own statement).
 *
 * Left out, compared with the service (and with server.ts where it does them):
 *
 * - Addresses without a subscriber: the bounce is stored (`subscriber_id` null) and nothing is
 *   applied; no `address_states` row, no advisory lock (policy rule 6).
 * - Once per message (rule 5): every soft bounce counts. The bench's events each carry their
 *   own message id, so the outcome is the same as the service's there.
 * - The status change log (`status_changes`), the suppression's cause (`suppressed_by`), the
 *   soft bounces' times and their window and expiry (rule 13), the allow-list (rule 14).
 * - The classification of the answer (rules 10, 11): a SendGrid `bounce` is hard, any other
 *   type soft, as in server.ts; no cause columns.
 * - The statistics' counters (`delivery_statistics`, campaign health), the outbox of outbound
 *   webhooks, the webhooks' activity, the API key's last use, the rate limit, logs and metrics.
 *   (The bounce-count trigger of the schema still fires: it belongs to the table.)
 * - Keys created or revoked after start are not seen until a restart.
 * - Every route but health, `POST /api/v1/bounces` and the SendGrid webhook (404).
 *
 * Environment: DATABASE_URL, PORT, SENDGRID_WEBHOOK_PUBLIC_KEY (base64 DER), POOL_MAX (10,
 * the service's pool size), SOFT_BOUNCE_THRESHOLD (3).
 */
import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import { Pool } from 'pg';
import {
  API_BODY_LIMIT,
  apiBounce,
  type BenchEvent,
  HttpError,
  jsonOf,
  readBody,
  requiredEnv,
  sendGridEvent,
  sendGridKeyFromEnv,
  serve,
  verifySendGrid,
  WEBHOOK_BODY_LIMIT,
} from './requests';

const SOFT_THRESHOLD = Number(process.env.SOFT_BOUNCE_THRESHOLD ?? 3);

const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: Number(process.env.POOL_MAX ?? 10) });
const sendgridKey = sendGridKeyFromEnv();
/** SHA-256 (hex) of each key not revoked at start → whether it holds the `subscribers` permission. */
const apiKeys = new Map<string, boolean>();

async function handle(request: http.IncomingMessage): Promise<[number, unknown]> {
  const route = `${request.method} ${(request.url ?? '/').split('?', 1)[0]}`;
  switch (route) {
    case 'GET /health/ready':
      await pool.query('select 1');
      return [200, { status: 'up', database: 'up' }];
    case 'POST /api/v1/bounces': {
      authenticate(request);
      const outcome = await ingest(apiBounce(jsonOf(await readBody(request, API_BODY_LIMIT))));
      if (outcome.result !== 'recorded') throw new Error(`an API bounce was not recorded (${outcome.result})`);
      return [201, { bounce_id: outcome.bounceId }];
    }
    case 'POST /api/v1/webhooks/sendgrid': {
      const raw = await readBody(request, WEBHOOK_BODY_LIMIT);
      verifySendGrid(sendgridKey, request, raw);
      const batch = jsonOf(raw);
      if (!Array.isArray(batch)) throw new HttpError(400, 'VALIDATION_ERROR', 'The body must be a JSON array of events');
      let recorded = 0;
      let duplicates = 0;
      for (const event of batch.map(sendGridEvent)) {
        if (event === null) continue;
        const { result } = await ingest(event);
        if (result === 'recorded') recorded += 1;
        else if (result === 'duplicate') duplicates += 1;
      }
      return [200, { received: batch.length, recorded, duplicates, ignored: batch.length - recorded - duplicates }];
    }
    default:
      throw new HttpError(404, 'NOT_FOUND', `No route ${route}`);
  }
}

function authenticate(request: http.IncomingMessage): void {
  const authorization = request.headers.authorization;
  const header = request.headers['x-api-key'];
  const presented =
    typeof authorization === 'string' ? (/^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '') : typeof header === 'string' ? header.trim() : '';
  if (presented.length === 0) throw new HttpError(401, 'UNAUTHORIZED', 'An API key is required');
  const permitted = apiKeys.get(createHash('sha256').update(presented, 'utf8').digest('hex'));
  if (permitted === undefined) throw new HttpError(401, 'UNAUTHORIZED', 'The API key is not valid');
  if (!permitted) throw new HttpError(403, 'FORBIDDEN', 'The API key lacks the subscribers permission');
}

type Outcome = { result: 'recorded'; bounceId: number } | { result: 'duplicate' | 'applied' | 'ignored' };

/** The bounce stored and, when it is new, applied to its subscriber: one statement. */
const RECORD_BOUNCE = `
  with "r" as materialized (select nextval(pg_get_serial_sequence('bounces', 'id')) as "id", now() as "created_at"),
  "claimed" as (
    insert into "bounce_dedupe_keys" ("source", "provider_event_id", "bounce_id", "created_at")
    select $5::varchar, $8::varchar, "id", "created_at" from "r" where $8::varchar is not null
    on conflict do nothing
    returning "bounce_id"
  ), "stored" as (
    insert into "bounces" ("id", "email", "bounce_type", "bounce_subtype", "diagnostic_code", "source", "subscriber_id",
      "campaign_id", "provider_message_id", "provider_event_id", "raw_payload", "created_at")
    overriding system value
    select "r"."id", $1::varchar, $2::varchar, $3, $4, $5::varchar, (select "id" from "subscribers" where "email" = $1::varchar), $6, $7, $8::varchar, $9, "r"."created_at"
    from "r" where $8::varchar is null or exists (select 1 from "claimed")
    returning "id", "subscriber_id"
  ), "applied" as (
    update "subscribers" s set
      "status" = case
        when $2::varchar = 'complaint' then 'unsubscribed'
        when s."status" <> 'active' then s."status"
        when $2::varchar = 'hard' or s."consecutive_soft_bounces" + 1 >= $10::integer then 'bounced'
        else 'active'
      end,
      "consecutive_soft_bounces" = s."consecutive_soft_bounces" + case when $2::varchar = 'soft' and s."status" = 'active' then 1 else 0 end,
      "last_bounce_at" = now(),
      "status_changed_at" = case
        when ($2::varchar = 'complaint' and s."status" <> 'unsubscribed')
          or (s."status" = 'active' and ($2::varchar = 'hard' or s."consecutive_soft_bounces" + 1 >= $10::integer)) then now()
        else s."status_changed_at"
      end,
      "updated_at" = now()
    from "stored"
    where s."id" = "stored"."subscriber_id"
  )
  select "id" from "stored"`;

/** A delivery: the consecutive count back to 0 (rule 4), no row stored. */
const RESET_COUNT = `update "subscribers" set "consecutive_soft_bounces" = 0, "updated_at" = now() where "email" = $1 and "consecutive_soft_bounces" > 0`;

async function ingest(event: BenchEvent): Promise<Outcome> {
  if (event.kind === 'delivery') {
    const reset = await pool.query({ name: 'minimal-reset-count', text: RESET_COUNT, values: [event.email] });
    return { result: (reset.rowCount ?? 0) > 0 ? 'applied' : 'ignored' };
  }
  const { rows } = await pool.query<{ id: string }>({
    name: 'minimal-record-bounce',
    text: RECORD_BOUNCE,
    values: [
      event.email,
      event.kind,
      event.subtype,
      event.diagnostic,
      event.source,
      event.campaignId,
      event.messageId,
      event.eventId,
      event.raw === null ? null : JSON.stringify(event.raw),
      SOFT_THRESHOLD,
    ],
  });
  return rows.length === 0 ? { result: 'duplicate' } : { result: 'recorded', bounceId: Number(rows[0].id) };
}

async function loadApiKeys(): Promise<void> {
  const { rows } = await pool.query<{ key_hash: string; permitted: boolean }>(
    `select "key_hash", 'subscribers' = any("permissions") as "permitted" from "api_keys" where "revoked_at" is null`,
  );
  for (const row of rows) apiKeys.set(row.key_hash, row.permitted);
}

loadApiKeys().then(
  () => serve(handle, pool),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
