import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgQuery, pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import { isOutboundEventType } from '../../../shared/domain/outbound-event';
import { type DeliveryAttempt, type DueDelivery, WebhookDeliveryQueue } from '../../application/ports/webhook-delivery-queue.port';

/** Due rows locked per claim, for each one taken: room to skip what is over an endpoint's share. */
const CANDIDATES_PER_SLOT = 4;

/*
 * One statement, so one short transaction: lock due pending deliveries (skipping those another
 * worker holds), keep no more of an endpoint than its room (`perEndpoint` less what the
 * worker has in flight there), and lease them by moving their
 * next attempt to the lease's end — a worker killed before it records the attempt leaves the
 * delivery to be claimed again then. Locked candidates that are not taken are released at once.
 */
const CLAIM = `
  with candidates as (
    select id, endpoint_id, next_attempt_at from webhook_deliveries
    where status = 'pending' and next_attempt_at <= ?
    order by next_attempt_at, id
    limit ?
    for update skip locked
  ), in_flight as (
    select * from unnest(?::bigint[], ?::int[]) as f(endpoint_id, count)
  ), ranked as (
    select c.id, c.next_attempt_at, coalesce(f.count, 0) + row_number() over (partition by c.endpoint_id order by c.next_attempt_at, c.id) as rank
    from candidates c left join in_flight f on f.endpoint_id = c.endpoint_id
  ), chosen as (
    select id from ranked where rank <= ? order by next_attempt_at, id limit ?
  )
  update webhook_deliveries d set next_attempt_at = ?
  from chosen, outbox_events e, webhook_endpoints w
  where d.id = chosen.id and e.id = d.event_id and w.id = d.endpoint_id
  returning d.id, d.endpoint_id, d.attempts, w.url, w.secret, e.type, e.occurred_at, e.payload`;

const dueRow = pgRow({
  id: col.text,
  endpoint_id: col.text,
  attempts: col.integer,
  url: col.text,
  secret: col.text,
  type: col.text,
  occurred_at: col.timestamp,
  payload: col.json,
});

/*
 * One statement, so one short transaction: lock the oldest undispatched events (skipping those
 * another worker holds), write one pending delivery, due at once, per endpoint subscribed to the
 * type, not deleted and not registered after the event (`last_endpoint_id`), and mark the events
 * dispatched. The endpoints are read `for share`: a deletion committing meanwhile is waited for
 * and seen (its endpoint is left out), and one that comes after finds the deliveries written
 * here to cancel. `on conflict do nothing` keeps an event dispatched by an older version, with
 * its deliveries written at ingestion, from being given them twice.
 */
const DISPATCH = `
  with taken as (
    select id, type, created_at, last_endpoint_id from outbox_events
    where dispatched_at is null
    order by id
    limit ?
    for update skip locked
  ), endpoints as (
    select id, events from webhook_endpoints where deleted_at is null for share
  ), fanned as (
    insert into webhook_deliveries (event_id, endpoint_id, status, attempts, next_attempt_at, created_at)
    select t.id, w.id, 'pending', 0, t.created_at, t.created_at
    from taken t join endpoints w on t.type = any(w.events) and w.id <= t.last_endpoint_id
    order by t.id, w.id
    on conflict (event_id, endpoint_id) do nothing
  )
  update outbox_events e set dispatched_at = now()
  from taken t where e.id = t.id
  returning e.id`;

const dispatchedRow = pgRow({ id: col.text });

/*
 * The attempts of a batch in one statement. An attempt is logged once (a second record of one
 * attempt, by a worker whose lease ran out, changes nothing), and a delivery takes its outcome
 * only while it is pending: a delivery cancelled meanwhile (its endpoint deleted) stays
 * cancelled. The rows are taken in id order, as every batch is, so that two batches never wait
 * for each other's rows in opposite orders.
 */
const RECORD = `
  with batch as (
    select * from unnest(?::bigint[], ?::int[], ?::timestamptz[], ?::int[], ?::text[], ?::int[], ?::varchar[], ?::timestamptz[])
      as b(delivery_id, attempt, started_at, status_code, error, latency_ms, status, next_attempt_at)
    order by delivery_id
  ), logged as (
    insert into webhook_delivery_attempts (delivery_id, attempt, started_at, status_code, error, latency_ms)
    select delivery_id, attempt, started_at, status_code, error, latency_ms from batch
    order by delivery_id
    on conflict (delivery_id, attempt) do nothing
    returning delivery_id, attempt
  )
  update webhook_deliveries d set
    status = b.status,
    attempts = greatest(d.attempts, b.attempt),
    next_attempt_at = coalesce(b.next_attempt_at, d.next_attempt_at),
    last_status_code = b.status_code,
    last_error = b.error,
    last_latency_ms = b.latency_ms,
    delivered_at = case when b.status = 'delivered' then now() else d.delivered_at end
  from batch b join logged l on l.delivery_id = b.delivery_id and l.attempt = b.attempt
  where d.id = b.delivery_id and d.status = 'pending'`;

@Injectable()
export class PostgresWebhookDeliveryQueue extends WebhookDeliveryQueue {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async claimDue(claim: Parameters<WebhookDeliveryQueue['claimDue']>[0]): Promise<DueDelivery[]> {
    const rows = await pgSelect(
      this.em,
      CLAIM,
      [
        claim.now,
        claim.limit * CANDIDATES_PER_SLOT,
        [...claim.inFlight.keys()],
        [...claim.inFlight.values()],
        claim.perEndpoint,
        claim.limit,
        claim.leaseUntil,
      ],
      dueRow,
    );
    return rows.flatMap((row) => {
      // A type this version does not know (written by a newer one) waits for a version that does.
      if (!isOutboundEventType(row.type)) return [];
      return [
        {
          id: row.id,
          endpointId: row.endpoint_id,
          attempts: row.attempts,
          url: row.url,
          secret: row.secret,
          eventType: row.type,
          occurredAt: row.occurred_at,
          data: (row.payload ?? {}) as Readonly<Record<string, unknown>>,
        },
      ];
    });
  }

  async dispatch(limit: number): Promise<number> {
    const dispatched = await pgSelect(this.em, DISPATCH, [limit], dispatchedRow);
    return dispatched.length;
  }

  async record(attempts: readonly DeliveryAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await pgQuery(this.em, RECORD, [
      attempts.map((attempt) => attempt.deliveryId),
      attempts.map((attempt) => attempt.attempt),
      attempts.map((attempt) => attempt.startedAt),
      attempts.map((attempt) => attempt.result.statusCode),
      attempts.map(({ result }) => (result.outcome === 'failed' ? result.error.slice(0, 1000) : null)),
      attempts.map((attempt) => attempt.result.latencyMs),
      attempts.map((attempt) => attempt.outcome.status),
      attempts.map(({ outcome }) => (outcome.status === 'pending' ? outcome.nextAttemptAt : null)),
    ]);
  }
}
