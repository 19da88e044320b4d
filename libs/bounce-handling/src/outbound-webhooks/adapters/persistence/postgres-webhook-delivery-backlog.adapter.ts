import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import { WebhookDeliveryBacklog } from '../../application/ports/webhook-delivery-backlog.port';

const countRow = pgRow({ total: col.integer });

/**
 * Counts the pending rows of `webhook_deliveries` on their partial index
 * (`webhook_deliveries_due_index`), whatever the delivered ones, and the deliveries that the
 * events not yet dispatched will make (on `outbox_events_undispatched_index`): a delivery waits
 * from the moment its event is written.
 */
@Injectable()
export class PostgresWebhookDeliveryBacklog extends WebhookDeliveryBacklog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async pendingDeliveries(): Promise<number> {
    const [row] = await pgSelect(
      this.em,
      `select (select count(*) from "webhook_deliveries" where "status" = 'pending')
            + (select count(*) from "outbox_events" e join "webhook_endpoints" w
                 on w."deleted_at" is null and e."type" = any(w."events") and w."id" <= e."last_endpoint_id"
               where e."dispatched_at" is null) as "total"`,
      [],
      countRow,
    );
    return row.total;
  }
}
