import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import { SubscriberNotFoundError } from '../domain/subscriber.errors';
import { type SubscriberBounce, SubscriberBounces } from './ports/subscriber-bounces.port';
import { SubscriberRepository } from './ports/subscriber.repository.port';

@Injectable()
export class ListSubscriberBounces {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly bounces: SubscriberBounces,
  ) {}

  async execute(subscriberId: number, page: PageRequest): Promise<Page<SubscriberBounce>> {
    if (!(await this.subscribers.findById(subscriberId))) throw new SubscriberNotFoundError(subscriberId);
    return this.bounces.list(subscriberId, page);
  }
}
