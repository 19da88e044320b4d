import type { BouncesFacade } from '../../../bounces/application/bounces.facade';
import type { Page, PageRequest } from '../../../shared/application/page';

/** A subscriber's bounce, as the bounces feature lists it through its facade. */
export type SubscriberBounce = Awaited<ReturnType<BouncesFacade['listOfSubscriber']>>['items'][number];

/** A subscriber's bounces: subscribers show them but never write them. */
export abstract class SubscriberBounces {
  /** Newest first, with the exact total. */
  abstract list(subscriberId: number, page: PageRequest): Promise<Page<SubscriberBounce>>;
}
