import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import type { Page, PageRequest } from '../../../shared/application/page';
import { ADDRESS_STATUSES, STATUS_CHANGE_REASONS } from '../../../shared/domain/address-status';
import { type RecordedStatusChange, SubscriberHistory } from '../../application/ports/subscriber-history.port';

const changeRow = pgRow({
  id: col.integer,
  email: col.text,
  subscriber_id: col.nullable(col.integer),
  previous_status: col.oneOf(ADDRESS_STATUSES),
  status: col.oneOf(ADDRESS_STATUSES),
  reason: col.oneOf(STATUS_CHANGE_REASONS),
  bounce_id: col.nullable(col.integer),
  actor: col.nullable(col.text),
  created_at: col.timestamp,
});

const countRow = pgRow({ total: col.integer });

/** The history of an address on `status_changes`, read by its address (`status_changes_email_index`). */
@Injectable()
export class PostgresSubscriberHistory extends SubscriberHistory {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async listOf(email: string, page: PageRequest): Promise<Page<RecordedStatusChange>> {
    const [rows, [count]] = await Promise.all([
      pgSelect(
        this.em,
        `select "id", "email", "subscriber_id", "previous_status", "status", "reason", "bounce_id", "actor", "created_at"
           from "status_changes" where "email" = ? order by "created_at" desc, "id" desc limit ? offset ?`,
        [email, page.limit, page.offset],
        changeRow,
      ),
      pgSelect(this.em, `select count(*) as "total" from "status_changes" where "email" = ?`, [email], countRow),
    ]);
    return {
      items: rows.map((row) => ({
        id: row.id,
        email: row.email,
        subscriberId: row.subscriber_id,
        previousStatus: row.previous_status,
        status: row.status,
        reason: row.reason,
        bounceId: row.bounce_id,
        actor: row.actor,
        occurredAt: row.created_at,
      })),
      total: count.total,
      limit: page.limit,
      offset: page.offset,
    };
  }
}
