import { FixedClock } from '../../testing/fixed-clock';
import { InMemoryWebhookDeliveryQueue } from '../../testing/in-memory-webhook-delivery-queue';
import { DEFAULT_DELIVERY_SCHEDULE } from '../domain/delivery-schedule';
import { DeliverOutboundEvents } from './deliver-outbound-events.use-case';
import type { DueDelivery } from './ports/webhook-delivery-queue.port';
import type { OutgoingWebhook, SendResult, WebhookSender } from './ports/webhook-sender.port';

class ScriptedSender implements WebhookSender {
  readonly sent: OutgoingWebhook[] = [];
  constructor(private readonly results: SendResult[]) {}
  async send(webhook: OutgoingWebhook): Promise<SendResult> {
    this.sent.push(webhook);
    return this.results.shift() ?? { outcome: 'delivered', statusCode: 200, latencyMs: 1 };
  }
}

const failed: SendResult = { outcome: 'failed', statusCode: 503, latencyMs: 3, error: 'Answered 503' };
const eventAt = new Date('2026-01-10T12:00:00Z');
const delivery = (id = 'dlv_1', endpointId = 'ep_1'): DueDelivery => ({
  id,
  endpointId,
  attempts: 0,
  url: 'https://hooks.example.com/mailpass',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  eventType: 'bounce.recorded',
  occurredAt: eventAt,
  data: { bounce_id: 1 },
});

function setUp(results: SendResult[]) {
  const clock = new FixedClock(eventAt);
  const queue = new InMemoryWebhookDeliveryQueue();
  const sender = new ScriptedSender(results);
  const deliver = new DeliverOutboundEvents(queue, sender, clock, {
    schedule: DEFAULT_DELIVERY_SCHEDULE,
    leaseMs: 15_000,
    perEndpoint: 2,
    random: () => 0.5,
  });
  return { clock, queue, sender, deliver };
}

describe('DeliverOutboundEvents', () => {
  it('delivers on the third attempt after two failures, each retry after its backoff, with one webhook-id', async () => {
    const { clock, queue, sender, deliver } = setUp([failed, failed]);
    queue.add(delivery(), eventAt);

    expect(await deliver.deliverDue(8)).toEqual([{ status: 'pending', nextAttemptAt: new Date(eventAt.getTime() + 2_500) }]);
    expect(await deliver.deliverDue(8)).toEqual([]); // not due yet
    clock.current = new Date(eventAt.getTime() + 2_500);
    expect(await deliver.deliverDue(8)).toEqual([{ status: 'pending', nextAttemptAt: new Date(eventAt.getTime() + 7_500) }]);
    clock.current = new Date(eventAt.getTime() + 7_500);
    expect(await deliver.deliverDue(8)).toEqual([{ status: 'delivered' }]);

    expect(queue.attempts.map((attempt) => [attempt.attempt, attempt.result.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'delivered'],
    ]);
    expect(new Set(sender.sent.map((sent) => sent.messageId))).toEqual(new Set(['dlv_1']));
    expect(queue.statusOf('dlv_1')).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('gives a delivery up as dead when it fails 24 h after its event', async () => {
    const { clock, queue, deliver } = setUp([failed]);
    clock.current = new Date(eventAt.getTime() + 24 * 3_600_000);
    queue.add({ ...delivery(), attempts: 25 }, eventAt);

    expect(await deliver.deliverDue(8)).toEqual([{ status: 'dead' }]);
    expect(queue.statusOf('dlv_1')).toMatchObject({ status: 'dead', attempts: 26 });
  });

  it('leases what it claims, so that a second claim before the lease ends takes nothing', async () => {
    const { clock, deliver, queue } = setUp([]);
    queue.add(delivery(), eventAt);

    expect(await deliver.claim(8)).toHaveLength(1);
    expect(await deliver.claim(8)).toHaveLength(0);
    clock.current = new Date(eventAt.getTime() + 15_000);
    expect(await deliver.claim(8)).toHaveLength(1);
  });

  it('claims at most its share of one endpoint, so that one endpoint cannot take every slot', async () => {
    const { queue, deliver } = setUp([]);
    for (let i = 0; i < 5; i += 1) queue.add(delivery(`dlv_a${i}`, 'ep_slow'), eventAt);
    queue.add(delivery('dlv_b', 'ep_other'), eventAt);

    const claimed = await deliver.claim(8);

    expect(claimed.map((due) => due.id).sort()).toEqual(['dlv_a0', 'dlv_a1', 'dlv_b']);
  });
});
