import { FixedClock } from '../../../testing/fixed-clock';
import { InMemoryWebhookDeliveryQueue } from '../../../testing/in-memory-webhook-delivery-queue';
import { DeliverOutboundEvents } from '../../application/deliver-outbound-events.use-case';
import type { DueDelivery } from '../../application/ports/webhook-delivery-queue.port';
import type { OutgoingWebhook, SendResult, WebhookSender } from '../../application/ports/webhook-sender.port';
import { DEFAULT_DELIVERY_SCHEDULE } from '../../domain/delivery-schedule';
import { OutboundWebhookWorker } from './outbound-webhook-worker';

const eventAt = new Date('2026-01-10T12:00:00Z');
const delivered: SendResult = { outcome: 'delivered', statusCode: 200, latencyMs: 1 };

/** Sends to `hanging` never answer until `release()`; others answer at once. */
class GatedSender implements WebhookSender {
  readonly sent: OutgoingWebhook[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly listeners: (() => void)[] = [];
  constructor(private readonly hanging: string) {}
  send(webhook: OutgoingWebhook): Promise<SendResult> {
    this.sent.push(webhook);
    this.listeners.forEach((listener) => listener());
    if (!webhook.url.startsWith(this.hanging)) return Promise.resolve(delivered);
    return new Promise((resolve) => this.waiting.push(() => resolve(delivered)));
  }
  release(): void {
    this.waiting.splice(0).forEach((resolve) => resolve());
  }
  /** Resolves once `count` sends were made. */
  sends(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => this.sent.length >= count && resolve();
      this.listeners.push(check);
      check();
    });
  }
}

const delivery = (id: string, endpointId: string, url: string): DueDelivery => ({
  id,
  endpointId,
  attempts: 0,
  url,
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  eventType: 'bounce.recorded',
  occurredAt: eventAt,
  data: {},
});

/** Lets the event loop turn until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('OutboundWebhookWorker', () => {
  it('goes on delivering to other endpoints while one endpoint hangs, holding no more than its share of the slots', async () => {
    const queue = new InMemoryWebhookDeliveryQueue();
    for (let i = 0; i < 20; i += 1) queue.add(delivery(`hang_${i}`, 'ep_hang', 'https://hang.example.com/'), eventAt);
    for (let i = 0; i < 30; i += 1) queue.add(delivery(`fast_${i}`, 'ep_fast', 'https://fast.example.com/'), eventAt);
    const sender = new GatedSender('https://hang.example.com/');
    const deliver = new DeliverOutboundEvents(queue, sender, new FixedClock(eventAt), {
      schedule: DEFAULT_DELIVERY_SCHEDULE,
      leaseMs: 15_000,
      perEndpoint: 4,
      random: () => 0.5,
    });
    const worker = new OutboundWebhookWorker(deliver, { concurrency: 8, pollIntervalMs: 60_000 });

    worker.start();
    await sender.sends(34);
    await until(() => queue.attempts.length >= 30);

    const hanging = sender.sent.filter((sent) => sent.url.startsWith('https://hang'));
    expect(hanging).toHaveLength(4);
    expect(queue.attempts.filter((attempt) => attempt.result.outcome === 'delivered')).toHaveLength(30);

    sender.release();
    await worker.stop();
    expect(queue.attempts).toHaveLength(34);
  });

  it('stops only once the deliveries in flight are recorded', async () => {
    const queue = new InMemoryWebhookDeliveryQueue();
    queue.add(delivery('hang_1', 'ep_hang', 'https://hang.example.com/'), eventAt);
    const sender = new GatedSender('https://hang.example.com/');
    const deliver = new DeliverOutboundEvents(queue, sender, new FixedClock(eventAt), {
      schedule: DEFAULT_DELIVERY_SCHEDULE,
      leaseMs: 15_000,
      perEndpoint: 4,
      random: () => 0.5,
    });
    const worker = new OutboundWebhookWorker(deliver, { concurrency: 8, pollIntervalMs: 60_000 });
    worker.start();
    await sender.sends(1);

    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    sender.release();
    await stopping;
    expect(queue.statusOf('hang_1')).toMatchObject({ status: 'delivered' });
  });
});
