import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox } from '../../application/ports/outbox.port';
import type { OutboundEvent } from '../../domain/outbound-event';
import { pgJson } from './pg-text';
import { pgQuery, pgSelect } from './pg-query';
import { col, pgRow } from './pg-row';

const typeRow = pgRow({ type: col.text });

/**
 * The outbox in PostgreSQL, written in the caller's transaction (`pgQuery` runs in the one
 * `PostgresTransactionRunner` opened). One statement per `append`, whatever the number of events:
 * it stores, in their order, the events that some endpoint (not deleted) subscribes to, each with
 * the highest endpoint id of the moment (`last_endpoint_id`: an endpoint registered later
 * receives nothing of it). An event no endpoint subscribes to is not stored, so that without
 * endpoints the statement inserts nothing. The deliveries are not written here: the delivery
 * worker dispatches the events afterwards (`PostgresWebhookDeliveryQueue.dispatch`), keeping the
 * fan-out to endpoints out of the transaction of the change.
 */
@Injectable()
export class PostgresOutbox extends Outbox {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async append(events: readonly OutboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    await pgQuery(
      this.em,
      `with "subscribed" as (
         select "id", "events" from "webhook_endpoints" where "deleted_at" is null
       )
       insert into "outbox_events" ("type", "occurred_at", "payload", "last_endpoint_id")
       select r."type", r."occurred_at", r."data", (select max("id") from "subscribed")
         from rows from (jsonb_to_recordset(?::jsonb) as ("type" text, "occurred_at" timestamptz, "data" jsonb))
              with ordinality as r("type", "occurred_at", "data", "n")
        where exists (select 1 from "subscribed" s where r."type" = any(s."events"))
        order by r."n"`,
      [pgJson(events.map((event) => ({ type: event.type, occurred_at: event.occurredAt.toISOString(), data: event.data })))],
    );
  }

  /** The event types that some endpoint (not deleted) subscribes to, each once (`OutboxSubscriptions` keeps them). */
  async subscribedTypes(): Promise<string[]> {
    const rows = await pgSelect(this.em, `select distinct unnest("events") as "type" from "webhook_endpoints" where "deleted_at" is null`, [], typeRow);
    return rows.map((row) => row.type);
  }
}
