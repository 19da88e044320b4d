import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import type { Subscriber } from '../domain/subscriber';
import { type SubscriberFilter, SubscriberRepository } from './ports/subscriber.repository.port';

@Injectable()
export class ListSubscribers {
  constructor(private readonly subscribers: SubscriberRepository) {}

  execute(filter: SubscriberFilter, page: PageRequest): Promise<Page<Subscriber>> {
    return this.subscribers.list(filter, page);
  }
}
