import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { StatusChangeLog } from '../../application/ports/status-change-log.port';
import type { StatusChange } from '../../domain/status-change';
import { pgJson } from './pg-text';
import { pgQuery } from './pg-query';

@Injectable()
export class PostgresStatusChangeLog extends StatusChangeLog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async recordAll(changes: readonly StatusChange[], actor: string | null): Promise<void> {
    if (changes.length === 0) return;
    await pgQuery(
      this.em,
      `insert into "status_changes" ("email", "subscriber_id", "previous_status", "status", "reason", "bounce_id", "actor", "created_at")
       select r."email", r."subscriber_id", r."previous_status", r."status", r."reason", r."bounce_id", r."actor", r."created_at"
         from jsonb_to_recordset(?::jsonb) as r("email" text, "subscriber_id" bigint, "previous_status" text, "status" text,
           "reason" text, "bounce_id" bigint, "actor" text, "created_at" timestamptz)`,
      [
        pgJson(
          changes.map((change) => ({
            email: change.email,
            subscriber_id: change.subscriberId,
            previous_status: change.previousStatus,
            status: change.status,
            reason: change.reason,
            bounce_id: change.bounceId,
            // eslint-disable-next-line no-control-regex -- NUL and control characters are looked for on purpose
            actor: actor?.replace(/\u0000/g, '\ufffd') ?? null,
            created_at: change.occurredAt.toISOString(),
          })),
        ),
      ],
    );
  }
}
