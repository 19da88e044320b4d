import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { MAX_CAMPAIGN_ID_LENGTH } from '../../../shared/domain/campaign-id';
import { MAX_CAMPAIGN_NAME_LENGTH } from '../../domain/campaign';

/**
 * The `campaigns` table, declared in code as the migrations create it: for the drift check
 * (`migrations/entities-match-migrations.int-spec.ts`) and MikroORM's migration generator. No
 * code reads or writes it at runtime: `PostgresCampaignRepository` speaks SQL.
 */
@Entity({ tableName: 'campaigns' })
export class CampaignOrmEntity {
  @PrimaryKey({ type: 'string', length: MAX_CAMPAIGN_ID_LENGTH })
  id!: string;

  @Property({ type: 'string', length: MAX_CAMPAIGN_NAME_LENGTH })
  name!: string;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
