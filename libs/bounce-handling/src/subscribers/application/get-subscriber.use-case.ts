import { Injectable } from '@nestjs/common';
import type { Subscriber } from '../domain/subscriber';
import { SubscriberNotFoundError } from '../domain/subscriber.errors';
import { type SubscriberBounce, SubscriberBounces } from './ports/subscriber-bounces.port';
import { SubscriberRepository } from './ports/subscriber.repository.port';

export interface SubscriberDetails {
  readonly subscriber: Subscriber;
  /** The subscriber's most recent bounce or complaint; null when it never had one. */
  readonly lastBounce: SubscriberBounce | null;
}

@Injectable()
export class GetSubscriber {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly bounces: SubscriberBounces,
  ) {}

  async execute(id: number): Promise<SubscriberDetails> {
    const [subscriber, latest] = await Promise.all([this.subscribers.findById(id), this.bounces.list(id, { limit: 1, offset: 0 })]);
    if (!subscriber) throw new SubscriberNotFoundError(id);
    return { subscriber, lastBounce: latest.items[0] ?? null };
  }
}
