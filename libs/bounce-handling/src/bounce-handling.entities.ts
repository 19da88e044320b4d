import { AllowListEntryOrmEntity } from './allowlist/adapters/persistence/allow-list-entry.orm-entity';
import { ApiKeyOrmEntity } from './auth/adapters/persistence/api-key.orm-entity';
import { BounceDedupeKeyOrmEntity } from './bounces/adapters/persistence/bounce-dedupe-key.orm-entity';
import { BounceOrmEntity } from './bounces/adapters/persistence/bounce.orm-entity';
import { CampaignOrmEntity } from './campaigns/adapters/persistence/campaign.orm-entity';
import { CampaignHealthLevelOrmEntity, DeliveryStatisticOrmEntity } from './statistics/adapters/persistence/delivery-statistic.orm-entity';
import { WebhookEndpointOrmEntity } from './outbound-webhooks/adapters/persistence/webhook-endpoint.orm-entity';
import { SubscriberOrmEntity } from './subscribers/adapters/persistence/subscriber.orm-entity';

/**
 * The library's ORM entities: its schema declared in code, as the migrations (the schema of
 * record) create it — `migrations/entities-match-migrations.int-spec.ts` fails when they drift
 * apart, and MikroORM's migration generator starts from them. The repositories speak SQL and
 * use none of them at runtime. A host lists them in its MikroORM configuration.
 */
export const BOUNCE_HANDLING_ENTITIES = [
  SubscriberOrmEntity,
  CampaignOrmEntity,
  BounceOrmEntity,
  BounceDedupeKeyOrmEntity,
  ApiKeyOrmEntity,
  AllowListEntryOrmEntity,
  DeliveryStatisticOrmEntity,
  CampaignHealthLevelOrmEntity,
  WebhookEndpointOrmEntity,
];
