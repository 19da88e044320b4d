import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../../../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../../../bounce-handling.options';
import { WebhookDeliveryBacklog } from '../../application/ports/webhook-delivery-backlog.port';

/**
 * `outbound_webhook_backlog` on the host's registry: the deliveries of outbound events waiting
 * to be made, counted when it is scraped. A count that fails (the database is away) keeps the
 * last one and is logged, so that the scrape still answers every other metric.
 */
@Injectable()
export class PrometheusOutboundWebhookMetrics {
  private readonly logger = new Logger('OutboundWebhookMetrics');

  constructor(backlog: WebhookDeliveryBacklog, @Inject(RESOLVED_BOUNCE_HANDLING_OPTIONS) { metricsRegistry }: ResolvedBounceHandlingOptions) {
    if (metricsRegistry === null) return;
    const logger = this.logger;
    new Gauge({
      name: 'outbound_webhook_backlog',
      help: 'Deliveries of outbound events waiting to be made (pending), across every endpoint',
      registers: [metricsRegistry],
      async collect() {
        try {
          this.set(await backlog.pendingDeliveries());
        } catch (error) {
          logger.warn(`The outbound webhooks' backlog could not be counted: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
  }
}
