import { Counter, type Registry } from 'prom-client';
import { type DeliveryAttempt, type DueDelivery, WebhookDeliveryQueue } from '../../application/ports/webhook-delivery-queue.port';

/**
 * The delivery queue, counting `outbound_webhook_delivery_failures_total{outcome}` on the host's
 * registry once each failed attempt is recorded: `retried` (another attempt is scheduled) or
 * `dead` (given up). Everything else is the queue's.
 */
export class CountingWebhookDeliveryQueue extends WebhookDeliveryQueue {
  private readonly failures: Counter<'outcome'>;

  constructor(
    private readonly queue: WebhookDeliveryQueue,
    registry: Registry,
  ) {
    super();
    this.failures = new Counter({
      name: 'outbound_webhook_delivery_failures_total',
      help: 'Failed attempts to deliver an outbound event (not a 2xx, refused destination, timeout, network), by what became of the delivery: retried or dead',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  dispatch(limit: number): Promise<number> {
    return this.queue.dispatch(limit);
  }

  claimDue(claim: Parameters<WebhookDeliveryQueue['claimDue']>[0]): Promise<DueDelivery[]> {
    return this.queue.claimDue(claim);
  }

  async record(attempts: readonly DeliveryAttempt[]): Promise<void> {
    await this.queue.record(attempts);
    for (const attempt of attempts)
      if (attempt.result.outcome === 'failed') this.failures.inc({ outcome: attempt.outcome.status === 'dead' ? 'dead' : 'retried' });
  }
}
