import { BigIntType, Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { MAX_CAMPAIGN_ID_LENGTH } from '../../../shared/domain/campaign-id';
import { type HealthStatus, MAX_HEALTH_STATUS_LENGTH } from '../../domain/campaign-health';
import { type CounterGranularity, MAX_COUNTER_GRANULARITY_LENGTH } from '../../domain/counted-message';
import { MAX_STATISTICS_DIMENSION_LENGTH, MAX_STATISTICS_GROUP_LENGTH, type StatisticsDimension } from '../../domain/statistics-range';

/**
 * The `delivery_statistics` table, declared in code as the migrations create it: for the drift
 * check (`migrations/entities-match-migrations.int-spec.ts`) and MikroORM's migration generator.
 * No code reads or writes it at runtime: `PostgresDeliveryStatisticsRepository` speaks SQL.
 */
@Entity({ tableName: 'delivery_statistics' })
export class DeliveryStatisticOrmEntity {
  @PrimaryKey({ type: 'string', length: MAX_STATISTICS_DIMENSION_LENGTH })
  dimension!: StatisticsDimension;

  /** The group in the dimension (a campaign id, a domain, …); '' for what is in none. */
  @PrimaryKey({ type: 'string', length: MAX_STATISTICS_GROUP_LENGTH })
  groupKey!: string;

  @PrimaryKey({ type: 'string', length: MAX_COUNTER_GRANULARITY_LENGTH })
  granularity!: CounterGranularity;

  @PrimaryKey({ type: 'datetime' })
  bucket!: Date;

  @Property({ type: new BigIntType('number'), default: 0 })
  sent: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  delivered: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  hard: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  soft: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  complaint: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  senderBlocks: number & Opt = 0;
}

/** The `campaign_health_levels` table (see `DeliveryStatisticOrmEntity`); `PostgresCampaignHealthLevels` speaks SQL. */
@Entity({ tableName: 'campaign_health_levels' })
export class CampaignHealthLevelOrmEntity {
  @PrimaryKey({ type: 'string', length: MAX_CAMPAIGN_ID_LENGTH })
  campaignId!: string;

  @Property({ type: 'string', length: MAX_HEALTH_STATUS_LENGTH })
  status!: HealthStatus;

  @Property({ type: 'datetime' })
  changedAt!: Date;
}
