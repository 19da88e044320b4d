import { Injectable } from '@nestjs/common';
import { BouncesFacade } from '../../../bounces/application/bounces.facade';
import type { Page, PageRequest } from '../../../shared/application/page';
import { type SubscriberBounce, SubscriberBounces } from '../../application/ports/subscriber-bounces.port';

/** A subscriber's bounces, asked of the bounces feature through its facade. */
@Injectable()
export class BouncesFacadeSubscriberBounces extends SubscriberBounces {
  constructor(private readonly bounces: BouncesFacade) {
    super();
  }

  list(subscriberId: number, page: PageRequest): Promise<Page<SubscriberBounce>> {
    return this.bounces.listOfSubscriber(subscriberId, page);
  }
}
