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
 * The attempt is logged once (a second record of one attempt, by a worker whose lease ran out,
 * changes nothing), and the delivery takes its outcome only while it is pending: a delivery
 * cancelled meanwhile (its endpoint deleted) stays cancelled.
 */
const RECORD = `
  with logged as (
    insert into webhook_delivery_attempts (delivery_id, attempt, started_at, status_code, error, latency_ms)
    values ($1, $2, $3, $4, $5, $6)
    on conflict (delivery_id, attempt) do nothing
    returning delivery_id
  )
  update webhook_deliveries set
    status = $7::varchar,
    attempts = greatest(attempts, $2),
    next_attempt_at = coalesce($8, next_attempt_at),
    last_status_code = $4,
    last_error = $5,
    last_latency_ms = $6,
    delivered_at = case when $7::varchar = 'delivered' then now() else delivered_at end
  where id = $1 and status = 'pending' and exists (select 1 from logged)`;

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

  async record(attempt: DeliveryAttempt): Promise<void> {
    const { result, outcome } = attempt;
    await pgQuery(this.em, RECORD, [
      attempt.deliveryId,
      attempt.attempt,
      attempt.startedAt,
      result.statusCode,
      result.outcome === 'failed' ? result.error.slice(0, 1000) : null,
      result.latencyMs,
      outcome.status,
      outcome.status === 'pending' ? outcome.nextAttemptAt : null,
    ]);
  }
}
