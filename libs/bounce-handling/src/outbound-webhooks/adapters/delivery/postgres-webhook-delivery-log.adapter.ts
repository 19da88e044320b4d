import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import type { Page, PageRequest } from '../../../shared/application/page';
import { WebhookDeliveryLog, type WebhookDeliveryLogEntry } from '../../application/ports/webhook-delivery-log.port';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '../../domain/webhook-delivery';

const nullable =
  <T>(column: (value: unknown, name: string) => T) =>
  (value: unknown, name: string): T | null =>
    value === null || value === undefined ? null : column(value, name);

const status = (value: unknown, name: string): WebhookDeliveryStatus => {
  const text = col.text(value, name);
  if (!(WEBHOOK_DELIVERY_STATUSES as readonly string[]).includes(text)) throw new Error(`Unexpected delivery status "${text}"`);
  return text as WebhookDeliveryStatus;
};

const entryRow = pgRow({
  id: col.integer,
  event_id: col.integer,
  type: col.text,
  status,
  attempts: col.integer,
  last_status_code: nullable(col.integer),
  last_error: nullable(col.text),
  last_latency_ms: nullable(col.integer),
  next_attempt_at: col.timestamp,
  delivered_at: nullable(col.timestamp),
  created_at: col.timestamp,
  total: col.integer,
});

/*
 * The page and the exact total in one statement (the endpoint's index by id); a status filter of
 * null takes every status.
 */
const LIST = `
  with matching as (
    select d.* from webhook_deliveries d
    where d.endpoint_id = ? and (?::text[] is null or d.status = any(?::text[]))
  )
  select m.id, m.event_id, e.type, m.status, m.attempts, m.last_status_code, m.last_error, m.last_latency_ms,
         m.next_attempt_at, m.delivered_at, m.created_at, (select count(*) from matching) as total
  from matching m join outbox_events e on e.id = m.event_id
  order by m.id desc
  limit ? offset ?`;

const COUNT = `select count(*) as total from webhook_deliveries where endpoint_id = ? and (?::text[] is null or status = any(?::text[]))`;

const RETRY = `
  update webhook_deliveries set status = 'pending', next_attempt_at = ?
  where id = ? and endpoint_id = ?
  returning id`;

@Injectable()
export class PostgresWebhookDeliveryLog extends WebhookDeliveryLog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async list(endpointId: number, statuses: readonly WebhookDeliveryStatus[] | null, page: PageRequest): Promise<Page<WebhookDeliveryLogEntry>> {
    const filter = statuses === null ? null : [...statuses];
    const rows = await pgSelect(this.em, LIST, [endpointId, filter, filter, page.limit, page.offset], entryRow);
    // A page past the end has no row to carry the total.
    const total = rows.length > 0 ? rows[0].total : (await pgSelect(this.em, COUNT, [endpointId, filter, filter], pgRow({ total: col.integer })))[0].total;
    return {
      items: rows.map((row) => ({
        id: row.id,
        eventId: row.event_id,
        eventType: row.type,
        status: row.status,
        attempts: row.attempts,
        lastStatusCode: row.last_status_code,
        lastError: row.last_error,
        lastLatencyMs: row.last_latency_ms,
        nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
        deliveredAt: row.delivered_at,
        createdAt: row.created_at,
      })),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  async retry(endpointId: number, deliveryId: number, now: Date): Promise<boolean> {
    const rows = await pgSelect(this.em, RETRY, [now, deliveryId, endpointId], pgRow({ id: col.integer }));
    return rows.length > 0;
  }
}
