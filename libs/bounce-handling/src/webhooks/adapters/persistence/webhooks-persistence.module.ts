import { Module } from '@nestjs/common';
import { WebhookActivityRepository } from '../../application/ports/webhook-activity.repository.port';
import { MikroOrmWebhookActivityRepository } from './mikro-orm-webhook-activity-repository.adapter';

@Module({
  providers: [{ provide: WebhookActivityRepository, useClass: MikroOrmWebhookActivityRepository }],
  exports: [WebhookActivityRepository],
})
export class WebhooksPersistenceModule {}
