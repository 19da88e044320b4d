import { Registry } from 'prom-client';
import type { DeliveryAttempt, WebhookDeliveryQueue } from '../../application/ports/webhook-delivery-queue.port';
import { CountingWebhookDeliveryQueue } from './counting-webhook-delivery-queue.adapter';

const attempt = (fields: Pick<DeliveryAttempt, 'result' | 'outcome'>): DeliveryAttempt => ({
  deliveryId: '1',
  attempt: 1,
  startedAt: new Date('2026-01-10T12:00:00Z'),
  ...fields,
});

describe('CountingWebhookDeliveryQueue', () => {
  it('counts each failed attempt of a batch once recorded, by what became of its delivery, and no delivered one', async () => {
    const recorded: DeliveryAttempt[] = [];
    const queue = { claimDue: async () => [], record: async (batch: DeliveryAttempt[]) => void recorded.push(...batch) } as unknown as WebhookDeliveryQueue;
    const registry = new Registry();
    const counting = new CountingWebhookDeliveryQueue(queue, registry);
    const failed = { outcome: 'failed', statusCode: 500, latencyMs: 10, error: 'HTTP 500' } as const;
    await counting.record([
      attempt({ result: failed, outcome: { status: 'pending', nextAttemptAt: new Date('2026-01-10T12:00:05Z') } }),
      attempt({ result: failed, outcome: { status: 'dead' } }),
      attempt({ result: { outcome: 'delivered', statusCode: 200, latencyMs: 5 }, outcome: { status: 'delivered' } }),
    ]);
    expect(recorded).toHaveLength(3);
    const { values } = await registry.getSingleMetric('outbound_webhook_delivery_failures_total')!.get();
    expect(values.map(({ labels, value }) => ({ labels, value }))).toEqual([
      { labels: { outcome: 'retried' }, value: 1 },
      { labels: { outcome: 'dead' }, value: 1 },
    ]);
  });

  it('counts nothing of an attempt whose record failed', async () => {
    const queue = { claimDue: async () => [], record: async () => Promise.reject(new Error('connection lost')) } as unknown as WebhookDeliveryQueue;
    const registry = new Registry();
    const counting = new CountingWebhookDeliveryQueue(queue, registry);
    await expect(
      counting.record([attempt({ result: { outcome: 'failed', statusCode: null, latencyMs: 10_000, error: 'timeout' }, outcome: { status: 'dead' } })]),
    ).rejects.toThrow('connection lost');
    expect((await registry.getSingleMetric('outbound_webhook_delivery_failures_total')!.get()).values).toEqual([]);
  });
});
