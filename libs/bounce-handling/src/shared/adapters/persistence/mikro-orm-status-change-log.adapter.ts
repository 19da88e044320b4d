import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { StatusChangeLog } from '../../application/ports/status-change-log.port';
import type { StatusChange } from '../../domain/status-change';

@Injectable()
export class MikroOrmStatusChangeLog extends StatusChangeLog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async record(change: StatusChange, actor: string | null): Promise<void> {
    await this.em.execute(
      `insert into "status_changes" ("email", "subscriber_id", "previous_status", "status", "reason", "bounce_id", "actor", "created_at")
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [change.email, change.subscriberId, change.previousStatus, change.status, change.reason, change.bounceId, actor, change.occurredAt],
    );
  }
}
