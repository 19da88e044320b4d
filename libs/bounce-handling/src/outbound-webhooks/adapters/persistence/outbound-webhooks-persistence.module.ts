import { Module } from '@nestjs/common';
import { WebhookEndpointRepository } from '../../application/ports/webhook-endpoint.repository.port';
import { PostgresWebhookEndpointRepository } from './postgres-webhook-endpoint-repository.adapter';

@Module({
  providers: [{ provide: WebhookEndpointRepository, useClass: PostgresWebhookEndpointRepository }],
  exports: [WebhookEndpointRepository],
})
export class OutboundWebhooksPersistenceModule {}
