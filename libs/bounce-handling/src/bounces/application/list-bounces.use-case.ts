import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import type { BounceView } from '../domain/bounce';
import { BounceRepository } from './ports/bounce.repository.port';

@Injectable()
export class ListBounces {
  constructor(private readonly bounces: BounceRepository) {}

  execute(page: PageRequest): Promise<Page<BounceView>> {
    return this.bounces.list(page);
  }

  ofSubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    return this.bounces.listBySubscriber(subscriberId, page);
  }
}
