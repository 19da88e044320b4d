import { Injectable } from '@nestjs/common';
import type { KeysetPage, KeysetPageRequest, Page, PageRequest } from '../../shared/application/page';
import type { BounceView } from '../domain/bounce';
import { type BounceFilter, BounceRepository } from './ports/bounce.repository.port';

@Injectable()
export class ListBounces {
  constructor(private readonly bounces: BounceRepository) {}

  /** The bounces the filter keeps, newest first, a page at an offset or after a position. */
  execute(filter: BounceFilter, page: KeysetPageRequest): Promise<KeysetPage<BounceView>> {
    return this.bounces.list(filter, page);
  }

  ofSubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    return this.bounces.listBySubscriber(subscriberId, page);
  }
}
