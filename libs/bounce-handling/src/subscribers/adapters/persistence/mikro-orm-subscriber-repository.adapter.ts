import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../../shared/application/page';
import type { AddressStatus } from '../../../shared/domain/address-status';
import { type SubscriberFilter, SubscriberRepository } from '../../application/ports/subscriber.repository.port';
import type { AddressState } from '../../../shared/domain/address-state';
import { type NewSubscriber, Subscriber } from '../../domain/subscriber';
import { pgQuery } from '../../../shared/adapters/persistence/pg-query';

/** Raw rows: bigint ids and timestamps come back as text. */
interface SubscriberRow {
  id: string;
  email: string;
  name: string | null;
  status: AddressStatus;
  consecutive_soft_bounces: number;
  last_bounce_at: string | null;
  status_changed_at: string | null;
  created_at: string;
}

const COLUMNS = `"id", "email", "name", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at"`;

@Injectable()
export class MikroOrmSubscriberRepository extends SubscriberRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(subscriber: NewSubscriber, state: AddressState, createdAt: Date): Promise<Subscriber> {
    const email = subscriber.email.value;
    // One statement: the subscriber takes over the address's state row, bounces and status changes.
    const [row] = await pgQuery<SubscriberRow[]>(this.em,
      `with "inserted" as (
         insert into "subscribers" ("email", "name", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at", "updated_at")
         values (?, ?, ?, ?, ?, ?, ?, ?)
         returning ${COLUMNS}
       ), "taken_over_state" as (
         delete from "address_states" where "email" = ?
       ), "attached_bounces" as (
         update "bounces" set "subscriber_id" = (select "id" from "inserted") where "email" = ? and "subscriber_id" is null
       ), "attached_status_changes" as (
         update "status_changes" set "subscriber_id" = (select "id" from "inserted") where "email" = ? and "subscriber_id" is null
       )
       select ${COLUMNS} from "inserted"`,
      [email, subscriber.name, state.status, state.consecutiveSoftBounces, state.lastBounceAt, state.statusChangedAt, createdAt, createdAt, email, email, email],
    );
    return toSubscriber(row);
  }

  async findById(id: number): Promise<Subscriber | null> {
    const [row] = await pgQuery<SubscriberRow[]>(this.em, `select ${COLUMNS} from "subscribers" where "id" = ?`, [id]);
    return row ? toSubscriber(row) : null;
  }

  async list(filter: SubscriberFilter, page: PageRequest): Promise<Page<Subscriber>> {
    const where = filter.status === undefined ? '' : 'where "status" = ?';
    const params = filter.status === undefined ? [] : [filter.status];
    const [rows, [count]] = await Promise.all([
      pgQuery<SubscriberRow[]>(this.em, `select ${COLUMNS} from "subscribers" ${where} order by "id" desc limit ? offset ?`, [...params, page.limit, page.offset]),
      pgQuery<{ total: string }[]>(this.em, `select count(*) as "total" from "subscribers" ${where}`, params),
    ]);
    return { items: rows.map(toSubscriber), total: Number(count.total), limit: page.limit, offset: page.offset };
  }
}

function date(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

function toSubscriber(row: SubscriberRow): Subscriber {
  return new Subscriber(
    Number(row.id),
    row.email,
    row.name,
    row.status,
    row.consecutive_soft_bounces,
    date(row.last_bounce_at),
    date(row.status_changed_at),
    new Date(row.created_at),
  );
}
