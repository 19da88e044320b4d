import type { DeliveryAttempt, DueDelivery, WebhookDeliveryQueue } from '../outbound-webhooks/application/ports/webhook-delivery-queue.port';

interface QueuedDelivery {
  delivery: DueDelivery;
  status: 'pending' | 'delivered' | 'dead';
  nextAttemptAt: Date;
}

/**
 * Deliveries in memory, claimed as the PostgreSQL queue claims them (due, leased); `attempts`
 * lists what was recorded, `batches` each call of `record`, `claims` each claim's size, and `log`
 * every dispatch and claim in order (`dispatch 8 -> 3`: 3 events of the 8 asked). `add` puts a
 * delivery in as the dispatch would; `addEvent` puts an event in the outbox, with the deliveries
 * its dispatch writes, oldest dispatched first.
 */
export class InMemoryWebhookDeliveryQueue implements WebhookDeliveryQueue {
  readonly attempts: DeliveryAttempt[] = [];
  readonly batches: DeliveryAttempt[][] = [];
  readonly claims: number[] = [];
  readonly log: string[] = [];
  dispatches = 0;
  private readonly deliveries = new Map<string, QueuedDelivery>();
  private readonly outbox: { readonly deliveries: readonly DueDelivery[]; readonly at: Date }[] = [];

  add(delivery: DueDelivery, nextAttemptAt: Date): void {
    this.deliveries.set(delivery.id, { delivery, status: 'pending', nextAttemptAt });
  }

  addEvent(deliveries: readonly DueDelivery[], at: Date): void {
    this.outbox.push({ deliveries, at });
  }

  /** Events in the outbox not dispatched yet. */
  get undispatched(): number {
    return this.outbox.length;
  }

  statusOf(id: string): { readonly status: string; readonly attempts: number; readonly nextAttemptAt: Date } | undefined {
    const queued = this.deliveries.get(id);
    return queued && { status: queued.status, attempts: queued.delivery.attempts, nextAttemptAt: queued.nextAttemptAt };
  }

  async dispatch(limit: number): Promise<number> {
    this.dispatches += 1;
    const events = this.outbox.splice(0, limit);
    for (const event of events) for (const delivery of event.deliveries) this.add(delivery, event.at);
    this.log.push(`dispatch ${limit} -> ${events.length}`);
    return events.length;
  }

  async claimDue(claim: Parameters<WebhookDeliveryQueue['claimDue']>[0]): Promise<DueDelivery[]> {
    const due = [...this.deliveries.values()]
      .filter((queued) => queued.status === 'pending' && queued.nextAttemptAt <= claim.now)
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
    const taken: QueuedDelivery[] = [];
    const perEndpoint = new Map(claim.inFlight);
    for (const queued of due) {
      if (taken.length >= claim.limit) break;
      const count = perEndpoint.get(queued.delivery.endpointId) ?? 0;
      if (count >= claim.perEndpoint) continue;
      perEndpoint.set(queued.delivery.endpointId, count + 1);
      queued.nextAttemptAt = claim.leaseUntil;
      taken.push(queued);
    }
    this.claims.push(taken.length);
    this.log.push(`claim ${claim.limit} -> ${taken.length}`);
    return taken.map((queued) => queued.delivery);
  }

  async record(attempts: readonly DeliveryAttempt[]): Promise<void> {
    this.batches.push([...attempts]);
    for (const attempt of attempts) {
      this.attempts.push(attempt);
      const queued = this.deliveries.get(attempt.deliveryId);
      if (queued === undefined || queued.status !== 'pending') continue;
      queued.delivery = { ...queued.delivery, attempts: attempt.attempt };
      queued.status = attempt.outcome.status;
      if (attempt.outcome.status === 'pending') queued.nextAttemptAt = attempt.outcome.nextAttemptAt;
    }
  }
}
