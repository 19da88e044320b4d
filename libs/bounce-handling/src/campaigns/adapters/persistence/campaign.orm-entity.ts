import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { MAX_CAMPAIGN_ID_LENGTH } from '../../../shared/domain/campaign-id';
import { MAX_CAMPAIGN_NAME_LENGTH } from '../../domain/campaign';

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
