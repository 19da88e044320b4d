import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import type { BounceView } from '../domain/bounce';
import type { DeliveryEvent } from '../domain/delivery-event';
import { IngestDeliveryEvents, type IngestOutcome } from './ingest-delivery-events.use-case';
import { IngestionBatcher } from './ingestion-batcher';
import { ListBounces } from './list-bounces.use-case';

// Other features speak to bounces in these terms.
export type { BounceEvent, ComplaintEvent, DeliveryEvent, DeliveryReport, BounceSource } from '../domain/delivery-event';
export type { IngestOutcome } from './ingest-delivery-events.use-case';

/** Callers of at most this many events share transactions with concurrent callers (`BouncesFacade.ingest`). */
export const SHARED_TRANSACTION_MAX_EVENTS = 100;

/** What other features may ask of bounces. */
@Injectable()
export class BouncesFacade {
  constructor(
    private readonly listBounces: ListBounces,
    private readonly ingestDeliveryEvents: IngestDeliveryEvents,
    private readonly ingestionBatcher: IngestionBatcher,
  ) {}

  /**
   * Records and applies provider events; resolves once they are committed, rejects only for its
   * own. A caller of a few events (a webhook's single report, a raw message) shares its
   * transaction with the callers that come while earlier ones commit (group commit,
   * `IngestionBatcher`); a larger one has transactions of its own.
   */
  ingest(events: readonly DeliveryEvent[]): Promise<IngestOutcome[]> {
    return events.length <= SHARED_TRANSACTION_MAX_EVENTS ? this.ingestionBatcher.ingest(events) : this.ingestDeliveryEvents.execute(events);
  }

  listOfSubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    return this.listBounces.ofSubscriber(subscriberId, page);
  }
}
