import { Module } from '@nestjs/common';
import { WebhookEndpointRepository } from '../../application/ports/webhook-endpoint.repository.port';
import { PostgresWebhookEndpointRepository } from './postgres-webhook-endpoint-repository.adapter';

@Module({
  providers: [PostgresWebhookEndpointRepository, { provide: WebhookEndpointRepository, useExisting: PostgresWebhookEndpointRepository }],
  exports: [PostgresWebhookEndpointRepository, WebhookEndpointRepository],
})
export class OutboundWebhooksPersistenceModule {}
