import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { type DeliverySchedule, nextAttempt, type RandomSource } from '../domain/delivery-schedule';
import { type DeliveryAttempt, type DeliveryOutcome, type DueDelivery, WebhookDeliveryQueue } from './ports/webhook-delivery-queue.port';
import { type SendResult, WebhookSender } from './ports/webhook-sender.port';

/** Events of the outbox turned into deliveries by one dispatch. */
export const DISPATCH_BATCH = 500;

/** How deliveries are attempted; the module sets them from its options. */
export abstract class DeliverySettings {
  abstract readonly schedule: DeliverySchedule;
  /** How long a claimed delivery is left to its worker: the send's timeout and a margin. */
  abstract readonly leaseMs: number;
  /** Deliveries of one endpoint in flight at once, per worker. */
  abstract readonly perEndpoint: number;
  abstract readonly random: RandomSource;
}

/**
 * Delivers the outbox's events to their endpoints, at least once: the events are dispatched
 * (one delivery per subscribed endpoint, written in a short transaction), a delivery is claimed
 * (leased, in another), sent outside any transaction, then its attempt and outcome recorded —
 * delivered on a 2xx, otherwise tried again on the schedule, or dead once it gives up. A worker
 * stopped between the claim and the record leaves the delivery to be claimed again when its
 * lease ends, and sent again with the same `webhook-id`.
 */
@Injectable()
export class DeliverOutboundEvents {
  constructor(
    private readonly queue: WebhookDeliveryQueue,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
    private readonly settings: DeliverySettings,
  ) {}

  /** Writes the deliveries of up to `limit` events of the outbox; answers how many events. */
  dispatch(limit: number = DISPATCH_BATCH): Promise<number> {
    return this.queue.dispatch(limit);
  }

  /** `inFlight`: the caller's deliveries in flight, by endpoint id. */
  claim(limit: number, inFlight: ReadonlyMap<string, number> = new Map()): Promise<DueDelivery[]> {
    const now = this.clock.now();
    return this.queue.claimDue({
      now,
      leaseUntil: new Date(now.getTime() + this.settings.leaseMs),
      limit,
      perEndpoint: this.settings.perEndpoint,
      inFlight,
    });
  }

  /** Makes one attempt of a claimed delivery and says what becomes of it; `record` stores that. */
  async send(delivery: DueDelivery): Promise<DeliveryAttempt> {
    const startedAt = this.clock.now();
    const result = await this.sender.send({
      url: delivery.url,
      secret: delivery.secret,
      messageId: delivery.id,
      type: delivery.eventType,
      occurredAt: delivery.occurredAt,
      data: delivery.data,
    });
    const attempt = delivery.attempts + 1;
    const outcome = this.outcomeOf(result, attempt, delivery.occurredAt, this.clock.now());
    return { deliveryId: delivery.id, attempt, startedAt, result, outcome };
  }

  /** Stores the attempts of a batch, in one transaction. */
  record(attempts: readonly DeliveryAttempt[]): Promise<void> {
    return this.queue.record(attempts);
  }

  /** One round: dispatches, claims what is due (up to `limit`), attempts it all at once and records the lot. */
  async deliverDue(limit: number): Promise<DeliveryOutcome[]> {
    await this.dispatch();
    const claimed = await this.claim(limit);
    const attempts = await Promise.all(claimed.map((delivery) => this.send(delivery)));
    await this.record(attempts);
    return attempts.map((attempt) => attempt.outcome);
  }

  private outcomeOf(result: SendResult, attempts: number, eventAt: Date, now: Date): DeliveryOutcome {
    if (result.outcome === 'delivered') return { status: 'delivered' };
    const next = nextAttempt({ attempts, eventAt, now }, this.settings.schedule, this.settings.random);
    return next.kind === 'dead' ? { status: 'dead' } : { status: 'pending', nextAttemptAt: next.at };
  }
}
