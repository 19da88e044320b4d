import { ArrayType, BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { MAX_STATUS_CHANGE_ACTOR_LENGTH } from '../../../shared/domain/status-change';
import { MAX_ENDPOINT_URL_LENGTH } from '../../domain/endpoint-url';
import { MAX_WEBHOOK_SECRET_LENGTH } from '../../domain/webhook-endpoint';

/**
 * The `webhook_endpoints` table, declared in code as the migrations create it: for the drift
 * check (`migrations/entities-match-migrations.int-spec.ts`) and MikroORM's migration generator.
 * No code reads or writes it at runtime: `PostgresWebhookEndpointRepository` speaks SQL.
 */
@Entity({ tableName: 'webhook_endpoints' })
export class WebhookEndpointOrmEntity {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true, generated: 'by default as identity' })
  id!: number;

  @Property({ type: 'string', length: MAX_ENDPOINT_URL_LENGTH })
  url!: string;

  /** The outbound event types it subscribes to. */
  @Property({ type: ArrayType })
  events!: string[];

  /** `whsec_<base64>`: kept in clear, since it keys the signatures. */
  @Property({ type: 'string', length: MAX_WEBHOOK_SECRET_LENGTH })
  secret!: string;

  /** The name of the API key that registered it; null when registered in-process. */
  @Property({ type: 'string', length: MAX_STATUS_CHANGE_ACTOR_LENGTH, nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** Set when deleted: the row stays, so that its deliveries' log still names it. */
  @Property({ type: 'datetime', nullable: true })
  deletedAt: Date | null = null;
}
