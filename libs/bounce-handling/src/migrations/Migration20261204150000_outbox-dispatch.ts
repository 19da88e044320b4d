import { Migration } from '@mikro-orm/migrations';

/**
 * Outbound events fanned out by the delivery worker rather than by ingestion
 * (docs/outbound-event-delivery.md). Ingestion used to write, with each event, one
 * `webhook_deliveries` row per subscribed endpoint (each with four index entries): a SendGrid
 * bounce and three endpoints made three events and nine deliveries in the bounce's transaction.
 * It now writes the events only; the worker turns them into deliveries, a batch at a time.
 *
 * - `outbox_events.dispatched_at`: when the worker wrote the event's deliveries; null until then.
 *   The partial index `outbox_events_undispatched_index` holds the undispatched ones only, so
 *   that finding them costs nothing however many were dispatched.
 * - `outbox_events.last_endpoint_id`: the highest endpoint id when the event was written; an
 *   endpoint registered later (a higher id) receives nothing of it. An id rather than a time,
 *   so that the rule does not rest on the clocks of the instances and the database agreeing.
 *
 * The events stored before were written with their deliveries: they are marked dispatched, and
 * their `last_endpoint_id` stays null (no endpoint would be given one of them again).
 */
export class Migration20261204150000_OutboxDispatch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "outbox_events" add column "dispatched_at" timestamptz null, add column "last_endpoint_id" bigint null;`);
    this.addSql(
      `update "outbox_events" e set "dispatched_at" = e."created_at" where exists (select 1 from "webhook_deliveries" d where d."event_id" = e."id");`,
    );
    this.addSql(`create index "outbox_events_undispatched_index" on "outbox_events" ("id") where "dispatched_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "outbox_events_undispatched_index";`);
    this.addSql(`alter table "outbox_events" drop column "last_endpoint_id", drop column "dispatched_at";`);
  }
}
