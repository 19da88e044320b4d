import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { lockAddress } from '../../../shared/adapters/persistence/address-lock';
import type { AddressStatus } from '../../../shared/domain/address-status';
import type { EmailAddress } from '../../../shared/domain/email-address';
import { NEW_ADDRESS_STATE } from '../../domain/address-state';
import { AddressStateRepository, type AddressStateUpdate, type LockedAddress } from '../../application/ports/address-state.repository.port';

interface StateRow {
  subscriber_id: string | null;
  status: AddressStatus;
  consecutive_soft_bounces: number;
}

/** The state lives on `subscribers` when the address has a subscriber, on `address_states` otherwise. */
@Injectable()
export class MikroOrmAddressStateRepository extends AddressStateRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async lock(email: EmailAddress): Promise<LockedAddress> {
    await lockAddress(this.em, email.value);
    const [row] = await this.em.execute<StateRow[]>(
      `select "id" as "subscriber_id", "status", "consecutive_soft_bounces" from "subscribers" where "email" = ?
       union all
       select null, "status", "consecutive_soft_bounces" from "address_states" where "email" = ?
       limit 1`,
      [email.value, email.value],
    );
    if (!row) return { email: email.value, subscriberId: null, state: NEW_ADDRESS_STATE };
    return {
      email: email.value,
      subscriberId: row.subscriber_id === null ? null : Number(row.subscriber_id),
      state: { status: row.status, consecutiveSoftBounces: row.consecutive_soft_bounces },
    };
  }

  async save(address: LockedAddress, update: AddressStateUpdate): Promise<void> {
    const { state, at, bounced, statusChanged } = update;
    if (address.subscriberId !== null) {
      await this.em.execute(
        `update "subscribers" set "status" = ?, "consecutive_soft_bounces" = ?,
           "last_bounce_at" = case when ? then ?::timestamptz else "last_bounce_at" end,
           "status_changed_at" = case when ? then ?::timestamptz else "status_changed_at" end,
           "updated_at" = ?
         where "id" = ?`,
        [state.status, state.consecutiveSoftBounces, bounced, at, statusChanged, at, at, address.subscriberId],
      );
      return;
    }
    await this.em.execute(
      `insert into "address_states" ("email", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at", "updated_at")
       values (?, ?, ?, case when ? then ?::timestamptz end, case when ? then ?::timestamptz end, ?, ?)
       on conflict ("email") do update set
         "status" = excluded."status",
         "consecutive_soft_bounces" = excluded."consecutive_soft_bounces",
         "last_bounce_at" = coalesce(excluded."last_bounce_at", "address_states"."last_bounce_at"),
         "status_changed_at" = coalesce(excluded."status_changed_at", "address_states"."status_changed_at"),
         "updated_at" = excluded."updated_at"`,
      [address.email, state.status, state.consecutiveSoftBounces, bounced, at, statusChanged, at, at, at],
    );
  }
}
