import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AddressStatus } from '../../../shared/domain/address-status';
import { NEW_ADDRESS_STATE } from '../../domain/address-state';
import { AddressStateRepository, type AddressStateUpdate, type LockedAddress } from '../../application/ports/address-state.repository.port';
import { pgJson } from '../../../shared/adapters/persistence/pg-text';
import { pgQuery } from '../../../shared/adapters/persistence/pg-query';

interface StateRow {
  email: string;
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

  async lockAll(emails: readonly string[]): Promise<Map<string, LockedAddress>> {
    const locked = new Map<string, LockedAddress>(emails.map((email) => [email, { email, subscriberId: null, state: NEW_ADDRESS_STATE }]));
    if (emails.length === 0) return locked;
    // Locks, then reads with a snapshot taken after the locks were granted: one round trip
    // (see the lock-address-states migration; the keys are those of address-lock.ts).
    const rows = await pgQuery<StateRow[]>(this.em, 'select * from lock_address_states($1::text[])', [emails]);
    for (const row of rows) {
      const known = locked.get(row.email);
      if (known && known.subscriberId !== null) continue; // the subscriber's state wins
      locked.set(row.email, {
        email: row.email,
        subscriberId: row.subscriber_id === null ? null : Number(row.subscriber_id),
        state: { status: row.status, consecutiveSoftBounces: row.consecutive_soft_bounces },
      });
    }
    return locked;
  }

  async saveAll(updates: readonly AddressStateUpdate[]): Promise<void> {
    const row = ({ address, state, at, bounced, statusChanged }: AddressStateUpdate) => ({
      id: address.subscriberId,
      email: address.email,
      status: state.status,
      soft: state.consecutiveSoftBounces,
      bounced,
      changed: statusChanged,
      at: at.toISOString(),
    });
    const onSubscribers = updates.filter((update) => update.address.subscriberId !== null).map(row);
    const alone = updates.filter((update) => update.address.subscriberId === null).map(row);
    if (onSubscribers.length > 0) {
      await pgQuery(this.em,
        `update "subscribers" as s set "status" = r."status", "consecutive_soft_bounces" = r."soft",
           "last_bounce_at" = case when r."bounced" then r."at" else s."last_bounce_at" end,
           "status_changed_at" = case when r."changed" then r."at" else s."status_changed_at" end,
           "updated_at" = r."at"
         from jsonb_to_recordset(?::jsonb) as r("id" bigint, "status" text, "soft" int, "bounced" boolean, "changed" boolean, "at" timestamptz)
         where s."id" = r."id"`,
        [pgJson(onSubscribers)],
      );
    }
    if (alone.length > 0) {
      await pgQuery(this.em,
        `insert into "address_states" ("email", "status", "consecutive_soft_bounces", "last_bounce_at", "status_changed_at", "created_at", "updated_at")
         select r."email", r."status", r."soft", case when r."bounced" then r."at" end, case when r."changed" then r."at" end, r."at", r."at"
           from jsonb_to_recordset(?::jsonb) as r("email" text, "status" text, "soft" int, "bounced" boolean, "changed" boolean, "at" timestamptz)
         on conflict ("email") do update set
           "status" = excluded."status",
           "consecutive_soft_bounces" = excluded."consecutive_soft_bounces",
           "last_bounce_at" = coalesce(excluded."last_bounce_at", "address_states"."last_bounce_at"),
           "status_changed_at" = coalesce(excluded."status_changed_at", "address_states"."status_changed_at"),
           "updated_at" = excluded."updated_at"`,
        [pgJson(alone)],
      );
    }
  }
}
