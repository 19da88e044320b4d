import { BigIntType, Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { MAX_CAMPAIGN_ID_LENGTH } from '../../../shared/domain/campaign-id';
import { MAX_EMAIL_ADDRESS_LENGTH } from '../../../shared/domain/email-address';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_PROVIDER_ID_LENGTH } from '../../../shared/domain/provider-text';
import { type BounceCategory, type BounceReason, MAX_BOUNCE_CATEGORY_LENGTH, MAX_BOUNCE_REASON_LENGTH } from '../../domain/bounce-classification/bounce-reason';
import {
  type BounceSource,
  type BounceType,
  MAX_BOUNCE_SOURCE_LENGTH,
  MAX_BOUNCE_STATUS_LENGTH,
  MAX_BOUNCE_TYPE_LENGTH,
  MAX_REMOTE_MTA_LENGTH,
} from '../../domain/delivery-event';

/**
 * The `bounces` table, declared in code as the migrations create it: for the drift check
 * (`migrations/entities-match-migrations.int-spec.ts`) and MikroORM's migration generator. No
 * code reads or writes it at runtime: `PostgresBounceRepository` speaks SQL. The table is
 * partitioned by month of `created_at` (the PartitionedBounces migration), which an entity cannot
 * declare; its key holds `created_at` for that reason.
 */
@Entity({ tableName: 'bounces' })
export class BounceOrmEntity {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true, generated: 'by default as identity' })
  id!: number;

  @Property({ type: 'string', length: MAX_EMAIL_ADDRESS_LENGTH })
  email!: string;

  @Property({ type: 'string', length: MAX_BOUNCE_TYPE_LENGTH })
  bounceType!: BounceType;

  @Property({ type: 'string', length: MAX_BOUNCE_SUBTYPE_LENGTH, nullable: true })
  bounceSubtype: string | null = null;

  /** Text: `MAX_DIAGNOSTIC_CODE_LENGTH` is kept by the code that makes one, not by the column. */
  @Property({ type: 'text', nullable: true })
  diagnosticCode: string | null = null;

  @Property({ type: 'string', length: MAX_BOUNCE_SOURCE_LENGTH })
  source!: BounceSource;

  @Property({ type: new BigIntType('number'), nullable: true })
  subscriberId: number | null = null;

  @Property({ type: 'string', length: MAX_CAMPAIGN_ID_LENGTH, nullable: true })
  campaignId: string | null = null;

  @Property({ type: 'string', length: MAX_PROVIDER_ID_LENGTH, nullable: true })
  providerMessageId: string | null = null;

  @Property({ type: 'string', length: MAX_PROVIDER_ID_LENGTH, nullable: true })
  providerEventId: string | null = null;

  /** Why it bounced (docs/bounce-classification.md); `complaint` for a complaint, `undetermined` when nothing said. */
  @Property({ type: 'string', length: MAX_BOUNCE_REASON_LENGTH })
  reason: BounceReason & Opt = 'undetermined';

  @Property({ type: 'string', length: MAX_BOUNCE_CATEGORY_LENGTH })
  category: BounceCategory & Opt = 'undetermined';

  /** The enhanced status code of the receiving server's answer (`5.7.26`), when it gave one. */
  @Property({ type: 'string', length: MAX_BOUNCE_STATUS_LENGTH, nullable: true })
  status: string | null = null;

  /** The receiving server, when the report names it. */
  @Property({ type: 'string', length: MAX_REMOTE_MTA_LENGTH, nullable: true })
  remoteMta: string | null = null;

  @Property({ type: 'json', nullable: true, lazy: true })
  rawPayload: unknown = null;

  @PrimaryKey({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
