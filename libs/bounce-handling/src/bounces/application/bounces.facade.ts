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

/** What other features may ask of bounces. */
@Injectable()
export class BouncesFacade {
  constructor(
    private readonly listBounces: ListBounces,
    private readonly ingestDeliveryEvents: IngestDeliveryEvents,
    private readonly ingestionBatcher: IngestionBatcher,
  ) {}

  /** Records and applies provider events in one transaction; resolves once they are committed. */
  ingest(events: readonly DeliveryEvent[]): Promise<IngestOutcome[]> {
    return this.ingestDeliveryEvents.execute(events);
  }

  /**
   * As `ingest`, for a caller of a few events among many concurrent ones (a raw message each):
   * its events share a transaction with the others' that come while earlier ones commit (group
   * commit, `IngestionBatcher`). Resolves once they are committed; rejects only for its own.
   */
  ingestAmongOthers(events: readonly DeliveryEvent[]): Promise<IngestOutcome[]> {
    return this.ingestionBatcher.ingest(events);
  }

  listOfSubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    return this.listBounces.ofSubscriber(subscriberId, page);
  }
}
