import { BigIntType, Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { BounceSource, BounceType } from '../../domain/delivery-event';

@Entity({ tableName: 'bounces' })
export class BounceOrmEntity {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true, generated: 'by default as identity' })
  id!: number;

  @Property({ type: 'string', length: 254 })
  email!: string;

  @Property({ type: 'string', length: 16 })
  bounceType!: BounceType;

  @Property({ type: 'string', length: 255, nullable: true })
  bounceSubtype: string | null = null;

  @Property({ type: 'text', nullable: true })
  diagnosticCode: string | null = null;

  @Property({ type: 'string', length: 32 })
  source!: BounceSource;

  @Property({ type: new BigIntType('number'), nullable: true })
  subscriberId: number | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  campaignId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  providerMessageId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  providerEventId: string | null = null;

  @Property({ type: 'json', nullable: true, lazy: true })
  rawPayload: unknown = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
