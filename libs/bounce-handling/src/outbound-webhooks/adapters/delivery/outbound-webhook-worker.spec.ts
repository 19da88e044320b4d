import { FixedClock } from '../../../testing/fixed-clock';
import { InMemoryWebhookDeliveryQueue } from '../../../testing/in-memory-webhook-delivery-queue';
import { DeliverOutboundEvents } from '../../application/deliver-outbound-events.use-case';
import type { DueDelivery } from '../../application/ports/webhook-delivery-queue.port';
import type { OutgoingWebhook, SendResult, WebhookSender } from '../../application/ports/webhook-sender.port';
import { DEFAULT_DELIVERY_SCHEDULE } from '../../domain/delivery-schedule';
import { type IngestionPaceReading, OutboundWebhookWorker, type OutboundWebhookWorkerSettings } from './outbound-webhook-worker';

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

const settings = { schedule: DEFAULT_DELIVERY_SCHEDULE, leaseMs: 15_000, perEndpoint: 4, random: () => 0.5 };

/** A worker of 8 slots on `queue`, sending through `sender`, polling once a minute, recording after `recordDelayMs`. */
const workerOn = (
  queue: InMemoryWebhookDeliveryQueue,
  sender: WebhookSender,
  recordDelayMs: number,
  busy: Pick<OutboundWebhookWorkerSettings, 'busyPerSecond' | 'busyPauseMs'> = {},
  pace?: IngestionPaceReading,
) =>
  new OutboundWebhookWorker(
    new DeliverOutboundEvents(queue, sender, new FixedClock(eventAt), settings),
    { concurrency: 8, pollIntervalMs: 60_000, recordDelayMs, ...busy },
    pace,
  );

describe('OutboundWebhookWorker', () => {
  it('records the attempts of a batch in one statement and claims again once they are recorded, not after each delivery', async () => {
    const queue = new InMemoryWebhookDeliveryQueue();
    for (let i = 0; i < 16; i += 1) queue.add(delivery(`d_${i}`, `ep_${i % 4}`, `https://fast${i % 4}.example.com/`), eventAt);
    const sender = new GatedSender('https://none.example.com/');
    const worker = workerOn(queue, sender, 60_000);

    worker.start();
    await until(() => queue.attempts.length === 16);
    await worker.stop();

    expect(queue.batches.map((batch) => batch.length)).toEqual([8, 8]);
    expect(queue.claims).toEqual([8, 8, 0]);
    expect(queue.dispatches).toBe(3);
    expect(new Set(queue.attempts.map((attempt) => attempt.deliveryId)).size).toBe(16);
  });

  it('records what finished once half the slots are free, while a slow endpoint still holds the rest', async () => {
    const queue = new InMemoryWebhookDeliveryQueue();
    for (let i = 0; i < 4; i += 1) queue.add(delivery(`hang_${i}`, 'ep_hang', 'https://hang.example.com/'), eventAt);
    for (let i = 0; i < 4; i += 1) queue.add(delivery(`fast_${i}`, 'ep_fast', 'https://fast.example.com/'), eventAt);
    const sender = new GatedSender('https://hang.example.com/');
    const worker = workerOn(queue, sender, 60_000);

    worker.start();
    await until(() => queue.attempts.length === 4);
    expect(queue.batches.map((batch) => batch.map((attempt) => attempt.deliveryId).sort())).toEqual([['fast_0', 'fast_1', 'fast_2', 'fast_3']]);

    sender.release();
    await worker.stop();
    expect(queue.batches.map((batch) => batch.length)).toEqual([4, 4]);
  });

  it('records a lone finished attempt after the record delay, while the other deliveries in flight still hang', async () => {
    const queue = new InMemoryWebhookDeliveryQueue();
    for (let i = 0; i < 4; i += 1) queue.add(delivery(`hang_${i}`, 'ep_hang', 'https://hang.example.com/'), eventAt);
    queue.add(delivery('fast_0', 'ep_fast', 'https://fast.example.com/'), eventAt);
    const sender = new GatedSender('https://hang.example.com/');
    const worker = workerOn(queue, sender, 1);

    worker.start();
    await new Promise<void>((resolve) => {
      const check = () => (queue.attempts.length === 1 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(queue.statusOf('fast_0')).toMatchObject({ status: 'delivered' });
    expect(queue.statusOf('hang_0')).toMatchObject({ status: 'pending', attempts: 0 });

    sender.release();
    await worker.stop();
    expect(queue.attempts).toHaveLength(5);
  });

  it('records the attempts that finished while the batch before was being recorded, without waiting for a poll', async () => {
    const queue = new InMemoryWebhookDeliveryQueue();
    for (let i = 0; i < 2; i += 1) queue.add(delivery(`hang_${i}`, 'ep_hang', 'https://hang.example.com/'), eventAt);
    for (let i = 0; i < 4; i += 1) queue.add(delivery(`fast_${i}`, 'ep_fast', 'https://fast.example.com/'), eventAt);
    const sender = new GatedSender('https://hang.example.com/');
    const record = queue.record.bind(queue);
    let recording: () => void = () => undefined;
    let recordStarted = false;
    queue.record = async (attempts) => {
      if (!recordStarted) {
        recordStarted = true;
        await new Promise<void>((resolve) => (recording = resolve));
      }
      await record(attempts);
    };
    const worker = workerOn(queue, sender, 60_000);

    worker.start();
    await until(() => recordStarted);
    sender.release();
    await until(() => sender.sent.length === 6);
    await new Promise((resolve) => setImmediate(resolve));
    recording();
    await until(() => queue.attempts.length === 6);

    expect(queue.batches.map((batch) => batch.length)).toEqual([4, 2]);
    await worker.stop();
  });

  it('frees the slots of a batch whose record failed, and goes on delivering', async () => {
    const queue = new InMemoryWebhookDeliveryQueue();
    for (let i = 0; i < 12; i += 1) queue.add(delivery(`d_${i}`, `ep_${i % 4}`, `https://fast${i % 4}.example.com/`), eventAt);
    const record = queue.record.bind(queue);
    let failures = 1;
    queue.record = async (attempts) => {
      if (failures-- > 0) throw new Error('connection lost');
      await record(attempts);
    };
    const worker = workerOn(queue, new GatedSender('https://none.example.com/'), 60_000);

    worker.start();
    await until(() => queue.attempts.length === 4);
    await worker.stop();

    // The first batch's deliveries stay leased (the clock stands still), to be tried again once their lease ends.
    expect(queue.attempts.map((attempt) => attempt.deliveryId).sort()).toEqual(['d_10', 'd_11', 'd_8', 'd_9']);
  });

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
    const worker = new OutboundWebhookWorker(deliver, { concurrency: 8, pollIntervalMs: 60_000, recordDelayMs: 20 });

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

  it('claims nothing once stopped during a dispatch', async () => {
    let release: (() => void) | null = null;
    const queue = new (class extends InMemoryWebhookDeliveryQueue {
      override async dispatch(limit: number): Promise<number> {
        await new Promise<void>((resolve) => (release = resolve));
        return super.dispatch(limit);
      }
    })();
    queue.add(delivery('d_0', 'ep', 'https://fast.example.com/'), eventAt);
    const sender = new GatedSender('https://none.example.com/');
    const worker = workerOn(queue, sender, 20);

    worker.start();
    await until(() => release !== null);
    const stopped = worker.stop();
    release!();
    await stopped;
    expect(queue.log).toEqual(['dispatch 500 -> 0']);
    expect(sender.sent).toEqual([]);
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
    const worker = new OutboundWebhookWorker(deliver, { concurrency: 8, pollIntervalMs: 60_000, recordDelayMs: 20 });
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

  describe('while this process ingests busily', () => {
    const busy = { perSecond: () => 500 };
    /** A worker of 8 slots whose process ingests at `pace` (busy from 100 a second), waiting `busyPauseMs` while busy. */
    const workerAt = (pace: IngestionPaceReading, busyPauseMs: number, queue: InMemoryWebhookDeliveryQueue, sender: GatedSender) =>
      workerOn(queue, sender, 20, { busyPerSecond: 100, busyPauseMs }, pace);

    it('waits before each turn, claiming and dispatching nothing meanwhile, and stop() ends the wait', async () => {
      const queue = new InMemoryWebhookDeliveryQueue();
      for (let i = 0; i < 4; i += 1) queue.add(delivery(`d_${i}`, 'ep', 'https://fast.example.com/'), eventAt);
      queue.addEvent([delivery('e_0', 'ep', 'https://fast.example.com/')], eventAt);
      const sender = new GatedSender('https://none.example.com/');
      const pace = { perSecond: jest.fn(() => 500) };
      const worker = workerAt(pace, 60_000, queue, sender);

      worker.start();
      await until(() => pace.perSecond.mock.calls.length >= 1);
      for (let turn = 0; turn < 50; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(queue.log).toEqual([]);
      await worker.stop();
      expect(sender.sent).toEqual([]);
      expect(queue.undispatched).toBe(1);
    });

    it('dispatches only when a claim finds fewer due deliveries than free slots, and then only that many events: the fan-out waits too', async () => {
      const queue = new InMemoryWebhookDeliveryQueue();
      for (let i = 0; i < 4; i += 1) queue.add(delivery(`d_${i}`, `ep_${i % 3}`, `https://fast${i % 3}.example.com/`), eventAt);
      for (let event = 0; event < 40; event += 1) {
        queue.addEvent(
          [0, 1, 2].map((endpoint) => delivery(`e_${event}_${endpoint}`, `ep_${endpoint}`, `https://fast${endpoint}.example.com/`)),
          eventAt,
        );
      }
      const sender = new GatedSender('https://none.example.com/');
      const worker = workerAt(busy, 1, queue, sender);

      worker.start();
      await until(() => queue.attempts.length === 4 + 40 * 3);
      await worker.stop();

      expect(new Set(queue.attempts.map((attempt) => attempt.deliveryId)).size).toBe(4 + 40 * 3);
      const steps = queue.log.map((line) => {
        const [kind, asked, , got] = line.split(' ');
        return { kind, asked: Number(asked), got: Number(got) };
      });
      expect(steps[0]).toEqual({ kind: 'claim', asked: 8, got: 4 });
      const dispatches = steps.flatMap((step, index) => (step.kind === 'dispatch' ? [{ step, claim: steps[index - 1] }] : []));
      expect(dispatches.length).toBeGreaterThan(1);
      for (const { step, claim } of dispatches) {
        expect(claim.kind).toBe('claim');
        expect(claim.got).toBeLessThan(claim.asked);
        expect(step.asked).toBe(claim.asked - claim.got);
      }
    });

    it('still delivers everything, a batch per pause: deliveries wait, they never starve', async () => {
      const queue = new InMemoryWebhookDeliveryQueue();
      for (let i = 0; i < 16; i += 1) queue.add(delivery(`d_${i}`, `ep_${i % 4}`, `https://fast${i % 4}.example.com/`), eventAt);
      const sender = new GatedSender('https://none.example.com/');
      const worker = workerAt(busy, 1, queue, sender);

      worker.start();
      await until(() => queue.attempts.length === 16);
      await worker.stop();
      expect(new Set(queue.attempts.map((attempt) => attempt.deliveryId)).size).toBe(16);
    });

    it('does not wait while ingestion is below its busy pace', async () => {
      const queue = new InMemoryWebhookDeliveryQueue();
      queue.add(delivery('d_0', 'ep', 'https://fast.example.com/'), eventAt);
      const sender = new GatedSender('https://none.example.com/');
      const worker = workerAt({ perSecond: () => 99 }, 60_000, queue, sender);

      worker.start();
      await until(() => queue.attempts.length === 1);
      await worker.stop();
      // A wait of a minute would have held the first claim past the test's timeout.
      expect(queue.claims[0]).toBe(1);
      expect(queue.log[0]).toBe('dispatch 500 -> 0');
    });
  });
});
