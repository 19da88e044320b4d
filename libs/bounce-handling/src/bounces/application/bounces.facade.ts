import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import type { BounceView } from '../domain/bounce';
import type { DeliveryEvent } from '../domain/delivery-event';
import { IngestDeliveryEvents, type IngestOutcome } from './ingest-delivery-events.use-case';
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
  ) {}

  /** Records and applies provider events in one transaction; resolves once they are committed. */
  ingest(events: readonly DeliveryEvent[]): Promise<IngestOutcome[]> {
    return this.ingestDeliveryEvents.execute(events);
  }

  listOfSubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    return this.listBounces.ofSubscriber(subscriberId, page);
  }
}
