import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { lockAddress } from '../../../shared/adapters/persistence/address-lock';
import type { Page, PageRequest } from '../../../shared/application/page';
import type { AddressStatus } from '../../../shared/domain/address-status';
import type { EmailAddress } from '../../../shared/domain/email-address';
import { type LockedSubscriberAddress, type SubscriberFilter, SubscriberRepository } from '../../application/ports/subscriber.repository.port';
import { type AddressHistory, type NewSubscriber, Subscriber } from '../../domain/subscriber';
import { pgJson } from '../../../shared/adapters/persistence/pg-text';

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

interface AddressRow extends Omit<SubscriberRow, 'id' | 'email'> {
  id: string | null;
}

const COLUMNS = `"id", "email", "name", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at"`;

@Injectable()
export class MikroOrmSubscriberRepository extends SubscriberRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async lockAddress(email: EmailAddress): Promise<LockedSubscriberAddress> {
    await lockAddress(this.em, email.value);
    // The state lives in one place: on the subscriber (id not null), or on the address alone.
    const rows = await this.em.execute<AddressRow[]>(
      `select "id", "name", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at"
         from "subscribers" where "email" = ?
       union all
       select null, null, "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at"
         from "address_states" where "email" = ?`,
      [email.value, email.value],
    );
    const subscriberRow = rows.find((row) => row.id !== null);
    if (subscriberRow) return { email: email.value, subscriber: toSubscriber({ ...subscriberRow, id: subscriberRow.id!, email: email.value }), history: null };
    const [historyRow] = rows;
    return { email: email.value, subscriber: null, history: historyRow ? toHistory(historyRow) : null };
  }

  async lockById(id: number): Promise<Subscriber | null> {
    // An address never changes subscriber, so the address read before the lock is the one to lock.
    const [row] = await this.em.execute<{ email: string }[]>('select "email" from "subscribers" where "id" = ?', [id]);
    if (!row) return null;
    await lockAddress(this.em, row.email);
    return this.findById(id);
  }

  async add(subscriber: NewSubscriber, state: AddressHistory, createdAt: Date): Promise<Subscriber> {
    const email = subscriber.email.value;
    // One statement: the subscriber takes over the address's state row, bounces and status changes.
    const [row] = await this.em.execute<SubscriberRow[]>(
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

  async save(subscriber: Subscriber, at: Date): Promise<void> {
    await this.em.execute(
      `update "subscribers" set "status" = ?, "consecutive_soft_bounces" = ?, "status_changed_at" = ?, "updated_at" = ? where "id" = ?`,
      [subscriber.status, subscriber.consecutiveSoftBounces, subscriber.statusChangedAt, at, subscriber.id],
    );
  }

  async findById(id: number): Promise<Subscriber | null> {
    const [row] = await this.em.execute<SubscriberRow[]>(`select ${COLUMNS} from "subscribers" where "id" = ?`, [id]);
    return row ? toSubscriber(row) : null;
  }

  async list(filter: SubscriberFilter, page: PageRequest): Promise<Page<Subscriber>> {
    const where = filter.status === undefined ? '' : 'where "status" = ?';
    const params = filter.status === undefined ? [] : [filter.status];
    const [rows, [count]] = await Promise.all([
      this.em.execute<SubscriberRow[]>(`select ${COLUMNS} from "subscribers" ${where} order by "id" desc limit ? offset ?`, [...params, page.limit, page.offset]),
      this.em.execute<{ total: string }[]>(`select count(*) as "total" from "subscribers" ${where}`, params),
    ]);
    return { items: rows.map(toSubscriber), total: Number(count.total), limit: page.limit, offset: page.offset };
  }

  async statusesOf(emails: readonly EmailAddress[]): Promise<ReadonlyMap<string, AddressStatus>> {
    const statuses = new Map<string, AddressStatus>();
    if (emails.length === 0) return statuses;
    const values = emails.map((email) => email.value);
    // One parameter however many addresses: a JSON array, unnested by PostgreSQL.
    const list = pgJson(values);
    const rows = await this.em.execute<{ email: string; status: AddressStatus }[]>(
      `select "email", "status" from "subscribers" where "email" in (select jsonb_array_elements_text(?::jsonb))
       union all
       select "email", "status" from "address_states" where "email" in (select jsonb_array_elements_text(?::jsonb))`,
      [list, list],
    );
    for (const row of rows) statuses.set(row.email, row.status);
    return statuses;
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

function toHistory(row: AddressRow): AddressHistory {
  return {
    status: row.status,
    consecutiveSoftBounces: row.consecutive_soft_bounces,
    lastBounceAt: date(row.last_bounce_at),
    statusChangedAt: date(row.status_changed_at),
  };
}
