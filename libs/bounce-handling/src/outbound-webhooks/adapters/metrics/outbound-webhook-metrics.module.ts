import { type DynamicModule, Module } from '@nestjs/common';
import { WebhookDeliveryBacklog } from '../../application/ports/webhook-delivery-backlog.port';
import { PostgresWebhookDeliveryBacklog } from '../persistence/postgres-webhook-delivery-backlog.adapter';
import { PrometheusOutboundWebhookMetrics } from './prometheus-outbound-webhook-metrics';

/** The outbound webhooks' metrics: their backlog, counted in `webhook_deliveries` when the host's registry is scraped. */
@Module({})
export class OutboundWebhookMetricsModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` these metrics belong to (its options name the registry). */
  static register(shared: DynamicModule): DynamicModule {
    return {
      module: OutboundWebhookMetricsModule,
      imports: [shared],
      providers: [{ provide: WebhookDeliveryBacklog, useClass: PostgresWebhookDeliveryBacklog }, PrometheusOutboundWebhookMetrics],
    };
  }
}
