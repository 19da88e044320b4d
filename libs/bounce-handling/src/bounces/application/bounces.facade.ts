import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import type { BounceView } from '../domain/bounce';
import { ListBounces } from './list-bounces.use-case';

/** What other features may ask of bounces. */
@Injectable()
export class BouncesFacade {
  constructor(private readonly listBounces: ListBounces) {}

  listOfSubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    return this.listBounces.ofSubscriber(subscriberId, page);
  }
}
