import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { StatusChangeLog } from '../../shared/application/ports/status-change-log.port';
import { StatusChangeNotifier } from '../../shared/application/ports/status-change.notifier.port';
import { TransactionRunner } from '../../shared/application/ports/transaction-runner.port';
import type { StatusChange } from '../../shared/domain/status-change';
import type { Subscriber } from '../domain/subscriber';
import { SubscriberNotFoundError } from '../domain/subscriber.errors';
import { SubscriberRepository } from './ports/subscriber.repository.port';

export interface ReactivateSubscriberCommand {
  readonly subscriberId: number;
  /** Who decided it (an API key's name), for the audit trail. */
  readonly actor: string;
}

/**
 * An operator's decision that a subscriber may be mailed again (docs/policy.md, rule 4): under the
 * address lock, in one transaction; a change of status is recorded with its actor and
 * published after the commit.
 */
@Injectable()
export class ReactivateSubscriber {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly subscribers: SubscriberRepository,
    private readonly statusChanges: StatusChangeLog,
    private readonly notifier: StatusChangeNotifier,
    private readonly clock: Clock,
  ) {}

  async execute(command: ReactivateSubscriberCommand): Promise<Subscriber> {
    const changes: StatusChange[] = [];
    const reactivated = await this.transactions.run(async () => {
      const current = await this.subscribers.lockById(command.subscriberId);
      if (!current) throw new SubscriberNotFoundError(command.subscriberId);
      const now = this.clock.now();
      const next = current.reactivate(now);
      if (next.status === current.status && next.consecutiveSoftBounces === current.consecutiveSoftBounces) return current;
      await this.subscribers.save(next, now);
      if (next.status !== current.status) {
        const change: StatusChange = {
          email: current.email,
          subscriberId: current.id,
          previousStatus: current.status,
          status: next.status,
          reason: 'reactivation',
          bounceId: null,
          occurredAt: now,
        };
        await this.statusChanges.record(change, command.actor);
        changes.push(change);
      }
      return next;
    });
    await this.notifier.publish(changes);
    return reactivated;
  }
}
