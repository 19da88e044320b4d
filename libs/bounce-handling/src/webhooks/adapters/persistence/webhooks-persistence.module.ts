import { Module } from '@nestjs/common';
import { WebhookActivityRepository } from '../../application/ports/webhook-activity.repository.port';
import { PostgresWebhookActivityRepository } from './postgres-webhook-activity-repository.adapter';

@Module({
  providers: [{ provide: WebhookActivityRepository, useClass: PostgresWebhookActivityRepository }],
  exports: [WebhookActivityRepository],
})
export class WebhooksPersistenceModule {}
