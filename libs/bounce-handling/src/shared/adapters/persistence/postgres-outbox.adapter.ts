import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox } from '../../application/ports/outbox.port';
import type { OutboundEvent } from '../../domain/outbound-event';
import { pgJson } from './pg-text';
import { pgQuery } from './pg-query';

/**
 * The outbox in PostgreSQL, written in the caller's transaction (`pgQuery` runs in the one
 * `PostgresTransactionRunner` opened). One statement per `append`, whatever the number of events
 * and endpoints: it stores the events that some endpoint (not deleted) subscribes to, in their
 * order, and one pending delivery per such endpoint, due at once. An event no endpoint subscribes
 * to is not stored, so that without endpoints the statement inserts nothing; an endpoint
 * registered later receives only the events appended after it.
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
       ), "appended" as (
         insert into "outbox_events" ("type", "occurred_at", "payload")
         select r."type", r."occurred_at", r."data"
           from rows from (jsonb_to_recordset(?::jsonb) as ("type" text, "occurred_at" timestamptz, "data" jsonb))
                with ordinality as r("type", "occurred_at", "data", "n")
          where exists (select 1 from "subscribed" s where r."type" = any(s."events"))
          order by r."n"
         returning "id", "type", "created_at"
       )
       insert into "webhook_deliveries" ("event_id", "endpoint_id", "status", "attempts", "next_attempt_at", "created_at")
       select a."id", s."id", 'pending', 0, a."created_at", a."created_at"
         from "appended" a join "subscribed" s on a."type" = any(s."events")
        order by a."id", s."id"`,
      [pgJson(events.map((event) => ({ type: event.type, occurred_at: event.occurredAt.toISOString(), data: event.data })))],
    );
  }
}
