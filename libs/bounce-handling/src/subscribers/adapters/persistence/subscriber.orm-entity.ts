import { BigIntType, Entity, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { AddressStatus } from '../../../shared/domain/address-status';

@Entity({ tableName: 'subscribers' })
@Index({ name: 'subscribers_status_id_index', properties: ['status', 'id'] })
export class SubscriberOrmEntity {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true, generated: 'by default as identity' })
  id!: number;

  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  @Property({ type: 'string', length: 255, nullable: true })
  name: string | null = null;

  @Property({ type: 'string', length: 16 })
  status: AddressStatus & Opt = 'active';

  @Property({ type: 'integer' })
  consecutiveSoftBounces: number & Opt = 0;

  @Property({ type: 'datetime', nullable: true })
  lastBounceAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  statusChangedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
