import { BigIntType, Entity, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { type AddressStatus, MAX_ADDRESS_STATUS_LENGTH, MAX_STATUS_CHANGE_REASON_LENGTH, type SuppressionReason } from '../../../shared/domain/address-status';
import { MAX_EMAIL_ADDRESS_LENGTH } from '../../../shared/domain/email-address';
import { MAX_SUBSCRIBER_NAME_LENGTH } from '../../domain/subscriber';
import { MAX_SUPPRESSION_NOTE_LENGTH, MAX_SUPPRESSION_ORIGIN_LENGTH, type SuppressionOrigin } from '../../../shared/domain/address-status';

/**
 * The `subscribers` table, declared in code as the migrations create it: for the drift check
 * (`migrations/entities-match-migrations.int-spec.ts`) and MikroORM's migration generator. No
 * code reads or writes it at runtime: the subscriber repository speaks SQL.
 */
@Entity({ tableName: 'subscribers' })
@Index({ name: 'subscribers_status_id_index', properties: ['status', 'id'] })
export class SubscriberOrmEntity {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true, generated: 'by default as identity' })
  id!: number;

  @Property({ type: 'string', length: MAX_EMAIL_ADDRESS_LENGTH, unique: true })
  email!: string;

  @Property({ type: 'string', length: MAX_SUBSCRIBER_NAME_LENGTH, nullable: true })
  name: string | null = null;

  @Property({ type: 'string', length: MAX_ADDRESS_STATUS_LENGTH })
  status: AddressStatus & Opt = 'active';

  @Property({ type: 'integer' })
  consecutiveSoftBounces: number & Opt = 0;

  @Property({ columnType: 'timestamptz[]', default: '{}' })
  softBounceTimes: Date[] & Opt = [];

  @Property({ type: 'string', length: MAX_STATUS_CHANGE_REASON_LENGTH, nullable: true })
  suppressedBy: SuppressionReason | null = null;

  /** Generated from `suppressed_by` (the SuppressionOrigin migration), never written; the expression as PostgreSQL shows it. */
  @Property({
    type: 'string',
    length: MAX_SUPPRESSION_ORIGIN_LENGTH,
    nullable: true,
    generated:
      "(CASE WHEN ((suppressed_by)::text = ANY ((ARRAY['hard-bounce'::character varying, 'soft-bounce-threshold'::character varying])::text[])) THEN 'bounce'::character varying ELSE suppressed_by END) stored",
  })
  suppressionOrigin: SuppressionOrigin | null = null;

  @Property({ type: 'string', length: MAX_SUPPRESSION_NOTE_LENGTH, nullable: true })
  suppressionNote: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  lastBounceAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  statusChangedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
