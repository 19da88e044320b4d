import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import { SubscriberNotFoundError } from '../domain/subscriber.errors';
import { type RecordedStatusChange, SubscriberHistory } from './ports/subscriber-history.port';
import { SubscriberRepository } from './ports/subscriber.repository.port';

/**
 * A subscriber's history: every change of its address's status, newest first — the policy's,
 * operators' re-activations and the suppression list's additions and removals, each with its
 * reason and actor — including those made before the address had a subscriber.
 */
@Injectable()
export class ListSubscriberHistory {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly history: SubscriberHistory,
  ) {}

  async execute(subscriberId: number, page: PageRequest): Promise<Page<RecordedStatusChange>> {
    const subscriber = await this.subscribers.findById(subscriberId);
    if (!subscriber) throw new SubscriberNotFoundError(subscriberId);
    // An address never changes subscriber: its history is the subscriber's.
    return this.history.listOf(subscriber.email, page);
  }
}
