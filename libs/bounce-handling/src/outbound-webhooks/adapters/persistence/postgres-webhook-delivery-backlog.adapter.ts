import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import { WebhookDeliveryBacklog } from '../../application/ports/webhook-delivery-backlog.port';

const countRow = pgRow({ total: col.integer });

/** Counts the pending rows of `webhook_deliveries` on their partial index (`webhook_deliveries_due_index`), whatever the delivered ones. */
@Injectable()
export class PostgresWebhookDeliveryBacklog extends WebhookDeliveryBacklog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async pendingDeliveries(): Promise<number> {
    const [row] = await pgSelect(this.em, `select count(*) as "total" from "webhook_deliveries" where "status" = 'pending'`, [], countRow);
    return row.total;
  }
}
