import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgQuery, pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import { pgJson } from '../../../shared/adapters/persistence/pg-text';
import { WebhookActivityRepository } from '../../application/ports/webhook-activity.repository.port';
import {
  combineActivity,
  type WebhookActivity,
  WEBHOOK_PROVIDERS,
  WEBHOOK_REFUSAL_REASONS,
  type WebhookProvider,
  type WebhookRefusalReason,
} from '../../domain/webhook-activity';

const webhookActivityRow = pgRow({
  provider: col.oneOf(WEBHOOK_PROVIDERS),
  accepted: col.integer,
  refused: col.integer,
  last_accepted_at: col.nullable(col.timestamp),
  last_refused_at: col.nullable(col.timestamp),
  last_refusal_reason: col.nullable(col.oneOf(Object.keys(WEBHOOK_REFUSAL_REASONS) as WebhookRefusalReason[])),
  last_refusal_status: col.nullable(col.integer),
  last_refusal_message: col.nullable(col.text),
});

@Injectable()
export class PostgresWebhookActivityRepository extends WebhookActivityRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(deltas: readonly WebhookActivity[]): Promise<void> {
    // One row per provider (an upsert may not touch a row twice), in a fixed order so that
    // processes writing several providers at once lock the rows in the same order.
    const byProvider = new Map<WebhookProvider, WebhookActivity>();
    for (const delta of deltas) {
      const sum = byProvider.get(delta.provider);
      byProvider.set(delta.provider, sum === undefined ? delta : combineActivity(sum, delta));
    }
    if (byProvider.size === 0) return;
    const rows = [...byProvider.values()]
      .sort((a, b) => a.provider.localeCompare(b.provider))
      .map((delta) => ({
        provider: delta.provider,
        accepted: delta.accepted,
        refused: delta.refused,
        last_accepted_at: delta.lastAcceptedAt?.toISOString() ?? null,
        last_refused_at: delta.lastRefusedAt?.toISOString() ?? null,
        last_refusal_reason: delta.lastRefusal?.reason ?? null,
        last_refusal_status: delta.lastRefusal?.status ?? null,
        last_refusal_message: delta.lastRefusal?.message ?? null,
      }));
    // Counts add up and the latest times win, so concurrent writers never lose each other's
    // counts; the refusal goes with the latest refusal time (a delta's wins a tie).
    await pgQuery(
      this.em,
      `insert into "webhook_activity" as t ("provider", "accepted", "refused", "last_accepted_at", "last_refused_at",
         "last_refusal_reason", "last_refusal_status", "last_refusal_message", "updated_at")
       select r."provider", r."accepted", r."refused", r."last_accepted_at", r."last_refused_at",
         r."last_refusal_reason", r."last_refusal_status", r."last_refusal_message", now()
         from jsonb_to_recordset(?::jsonb) as r("provider" text, "accepted" bigint, "refused" bigint, "last_accepted_at" timestamptz,
           "last_refused_at" timestamptz, "last_refusal_reason" text, "last_refusal_status" smallint, "last_refusal_message" text)
       on conflict ("provider") do update set
         "accepted" = t."accepted" + excluded."accepted",
         "refused" = t."refused" + excluded."refused",
         "last_accepted_at" = greatest(t."last_accepted_at", excluded."last_accepted_at"),
         "last_refused_at" = greatest(t."last_refused_at", excluded."last_refused_at"),
         "last_refusal_reason" = case when ${NEWER_REFUSAL} then excluded."last_refusal_reason" else t."last_refusal_reason" end,
         "last_refusal_status" = case when ${NEWER_REFUSAL} then excluded."last_refusal_status" else t."last_refusal_status" end,
         "last_refusal_message" = case when ${NEWER_REFUSAL} then excluded."last_refusal_message" else t."last_refusal_message" end,
         "updated_at" = now()`,
      [pgJson(rows)],
    );
  }

  async findAll(): Promise<WebhookActivity[]> {
    const rows = await pgSelect(
      this.em,
      `select "provider", "accepted", "refused", "last_accepted_at", "last_refused_at",
         "last_refusal_reason", "last_refusal_status", "last_refusal_message"
         from "webhook_activity" order by "provider"`,
      [],
      webhookActivityRow,
    );
    return rows.map((row) => ({
      provider: row.provider,
      accepted: row.accepted,
      refused: row.refused,
      lastAcceptedAt: row.last_accepted_at,
      lastRefusedAt: row.last_refused_at,
      lastRefusal:
        row.last_refusal_reason === null
          ? null
          : { reason: row.last_refusal_reason, status: row.last_refusal_status ?? 0, message: row.last_refusal_message ?? '' },
    }));
  }
}

const NEWER_REFUSAL = `excluded."last_refused_at" is not null and (t."last_refused_at" is null or excluded."last_refused_at" >= t."last_refused_at")`;
