import { Injectable } from '@nestjs/common';
import type { DeliveryEvent } from '../domain/delivery-event';
import { IngestDeliveryEvents, type IngestOutcome } from './ingest-delivery-events.use-case';

/** Transactions of coalesced events at once; callers that come while they run wait to go together. */
export const MAX_CONCURRENT_BATCHES = 2;

/** Events of one coalesced call at most; a caller's own events are never split. */
export const MAX_BATCH_EVENTS = 1000;

interface Waiting {
  readonly events: readonly DeliveryEvent[];
  readonly resolve: (outcomes: IngestOutcome[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for callers of a few events each (a raw message, a webhook's single report):
 * while `MAX_CONCURRENT_BATCHES` ingestions run, callers queue, and the queue goes next as one
 * ingestion (one transaction per 500 addresses), each caller answered with its own outcomes once
 * that is committed. A lone caller waits for nothing: it goes at once. Sixteen concurrent
 * callers cost a few statements rather than sixteen transactions of a few statements each.
 *
 * When a coalesced ingestion fails, each caller's events are ingested again alone, so that one
 * caller's failure is never another's: a caller is rejected only for its own events.
 */
@Injectable()
export class IngestionBatcher {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(private readonly ingestDeliveryEvents: IngestDeliveryEvents) {}

  /** Outcomes are in the order of `events`; resolves once they are committed. */
  ingest(events: readonly DeliveryEvent[]): Promise<IngestOutcome[]> {
    if (events.length === 0) return Promise.resolve([]);
    return new Promise<IngestOutcome[]>((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.running < MAX_CONCURRENT_BATCHES && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.running += 1;
      void this.run(batch).finally(() => {
        this.running -= 1;
        this.startBatches();
      });
    }
  }

  /** The longest run of waiting callers whose events fit in one batch (at least one caller). */
  private takeBatch(): Waiting[] {
    let events = this.waiting[0].events.length;
    let callers = 1;
    while (callers < this.waiting.length && events + this.waiting[callers].events.length <= MAX_BATCH_EVENTS) {
      events += this.waiting[callers].events.length;
      callers += 1;
    }
    return this.waiting.splice(0, callers);
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]);
    let outcomes: IngestOutcome[];
    try {
      outcomes = await this.ingestDeliveryEvents.execute(batch.flatMap((caller) => caller.events));
    } catch {
      // Whose events failed is not known: each caller goes again alone, and answers for its own.
      await Promise.all(batch.map((caller) => this.alone(caller)));
      return;
    }
    let offset = 0;
    for (const caller of batch) {
      caller.resolve(outcomes.slice(offset, offset + caller.events.length));
      offset += caller.events.length;
    }
  }

  private async alone(caller: Waiting): Promise<void> {
    try {
      caller.resolve(await this.ingestDeliveryEvents.execute(caller.events));
    } catch (error) {
      caller.reject(error);
    }
  }
}
