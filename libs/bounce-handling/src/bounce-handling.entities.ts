import { ApiKeyOrmEntity } from './auth/adapters/persistence/api-key.orm-entity';
import { BounceOrmEntity } from './bounces/adapters/persistence/bounce.orm-entity';
import { CampaignOrmEntity } from './campaigns/adapters/persistence/campaign.orm-entity';
import { SubscriberOrmEntity } from './subscribers/adapters/persistence/subscriber.orm-entity';

/** The library's ORM entities; a host lists them in its MikroORM configuration. */
export const BOUNCE_HANDLING_ENTITIES = [SubscriberOrmEntity, CampaignOrmEntity, BounceOrmEntity, ApiKeyOrmEntity];
