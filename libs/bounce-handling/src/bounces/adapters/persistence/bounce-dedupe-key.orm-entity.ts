import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { MAX_PROVIDER_ID_LENGTH } from '../../../shared/domain/provider-text';
import { type BounceSource, MAX_BOUNCE_SOURCE_LENGTH } from '../../domain/delivery-event';

/**
 * The `bounce_dedupe_keys` table: a provider event's dedupe key, once for every month of bounces
 * (a partitioned table cannot keep it unique by itself), with the bounce stored for it. Declared
 * for the drift check only: `PostgresBounceRepository` writes and reads it in SQL.
 */
@Entity({ tableName: 'bounce_dedupe_keys' })
export class BounceDedupeKeyOrmEntity {
  @PrimaryKey({ type: 'string', length: MAX_BOUNCE_SOURCE_LENGTH })
  source!: BounceSource;

  @PrimaryKey({ type: 'string', length: MAX_PROVIDER_ID_LENGTH })
  providerEventId!: string;

  @Property({ type: new BigIntType('number') })
  bounceId!: number;

  /** The bounce's `created_at`: the retention forgets the keys of the months it drops. */
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
