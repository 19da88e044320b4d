import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import type { Page, PageRequest } from '../../../shared/application/page';
import type { AddressState } from '../../../shared/domain/address-state';
import { ADDRESS_STATUSES, SUPPRESSION_REASONS } from '../../../shared/domain/address-status';
import { type SubscriberFilter, SubscriberRepository } from '../../application/ports/subscriber.repository.port';
import { type NewSubscriber, Subscriber } from '../../domain/subscriber';

const COLUMNS = `"id", "email", "name", "status", "consecutive_soft_bounces", "soft_bounce_times", "suppressed_by", "last_bounce_at", "status_changed_at", "created_at"`;

const subscriberRow = pgRow({
  id: col.integer,
  email: col.text,
  name: col.nullable(col.text),
  status: col.oneOf(ADDRESS_STATUSES),
  consecutive_soft_bounces: col.integer,
  soft_bounce_times: col.timestamps,
  suppressed_by: col.nullable(col.oneOf(SUPPRESSION_REASONS)),
  last_bounce_at: col.nullable(col.timestamp),
  status_changed_at: col.nullable(col.timestamp),
  created_at: col.timestamp,
});

const countRow = pgRow({ total: col.integer });

/** Subscribers on `subscribers`; the state of their address is read and written there by `PostgresAddressStateRepository`. */
@Injectable()
export class PostgresSubscriberRepository extends SubscriberRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(subscriber: NewSubscriber, state: AddressState, createdAt: Date): Promise<Subscriber> {
    const email = subscriber.email.value;
    // One statement: the subscriber takes over the address's state row, bounces and status changes.
    const [row] = await pgSelect(
      this.em,
      `with "inserted" as (
         insert into "subscribers" ("email", "name", "status", "consecutive_soft_bounces", "soft_bounce_times", "suppressed_by", "last_bounce_at", "status_changed_at",
           "created_at", "updated_at")
         values (?, ?, ?, ?, ?::timestamptz[], ?, ?, ?, ?, ?)
         returning ${COLUMNS}
       ), "taken_over_state" as (
         delete from "address_states" where "email" = ?
       ), "attached_bounces" as (
         update "bounces" set "subscriber_id" = (select "id" from "inserted") where "email" = ? and "subscriber_id" is null
       ), "attached_status_changes" as (
         update "status_changes" set "subscriber_id" = (select "id" from "inserted") where "email" = ? and "subscriber_id" is null
       )
       select ${COLUMNS} from "inserted"`,
      [
        email,
        subscriber.name,
        state.status,
        state.consecutiveSoftBounces,
        state.softBounceTimes.map((at) => at.toISOString()),
        state.suppressedBy,
        state.lastBounceAt,
        state.statusChangedAt,
        createdAt,
        createdAt,
        email,
        email,
        email,
      ],
      subscriberRow,
    );
    return toSubscriber(row);
  }

  async findById(id: number): Promise<Subscriber | null> {
    const [row] = await pgSelect(this.em, `select ${COLUMNS} from "subscribers" where "id" = ?`, [id], subscriberRow);
    return row ? toSubscriber(row) : null;
  }

  async list(filter: SubscriberFilter, page: PageRequest): Promise<Page<Subscriber>> {
    const where = filter.status === undefined ? '' : 'where "status" = ?';
    const params = filter.status === undefined ? [] : [filter.status];
    const [rows, [count]] = await Promise.all([
      pgSelect(
        this.em,
        `select ${COLUMNS} from "subscribers" ${where} order by "id" desc limit ? offset ?`,
        [...params, page.limit, page.offset],
        subscriberRow,
      ),
      pgSelect(this.em, `select count(*) as "total" from "subscribers" ${where}`, params, countRow),
    ]);
    return { items: rows.map(toSubscriber), total: count.total, limit: page.limit, offset: page.offset };
  }
}

function toSubscriber(row: ReturnType<typeof subscriberRow>): Subscriber {
  return new Subscriber(
    row.id,
    row.email,
    row.name,
    {
      status: row.status,
      consecutiveSoftBounces: row.consecutive_soft_bounces,
      softBounceTimes: row.soft_bounce_times,
      suppressedBy: row.suppressed_by,
      lastBounceAt: row.last_bounce_at,
      statusChangedAt: row.status_changed_at,
    },
    row.created_at,
  );
}
