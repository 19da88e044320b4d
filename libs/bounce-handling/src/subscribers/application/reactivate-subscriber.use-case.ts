import { Injectable } from '@nestjs/common';
import { AddressStateRepository } from '../../shared/application/ports/address-state.repository.port';
import { Clock } from '../../shared/application/ports/clock.port';
import { Outbox } from '../../shared/application/ports/outbox.port';
import { StatusChangeLog } from '../../shared/application/ports/status-change-log.port';
import { StatusChangeNotifier } from '../../shared/application/ports/status-change.notifier.port';
import { TransactionRunner } from '../../shared/application/ports/transaction-runner.port';
import { sameAddressState } from '../../shared/domain/address-state';
import { statusChangeEvents } from '../../shared/domain/outbound-event-data';
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
 * address lock, in one transaction; a change of status is recorded with its actor, its
 * outbound events (`subscriber.status_changed`, `suppression.removed`) are appended to the outbox
 * in the same transaction, and it is published after the commit.
 */
@Injectable()
export class ReactivateSubscriber {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly addresses: AddressStateRepository,
    private readonly subscribers: SubscriberRepository,
    private readonly statusChanges: StatusChangeLog,
    private readonly notifier: StatusChangeNotifier,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: ReactivateSubscriberCommand): Promise<Subscriber> {
    const changes: StatusChange[] = [];
    const reactivated = await this.transactions.run(async () => {
      const subscriber = await this.subscribers.findById(command.subscriberId);
      if (!subscriber) throw new SubscriberNotFoundError(command.subscriberId);
      // An address never changes subscriber, so the address read before the lock is the one to
      // lock; its state is read again under the lock, as the last writer left it.
      const address = (await this.addresses.lockAll([subscriber.email])).get(subscriber.email)!;
      const current = subscriber.withState(address.state);
      const now = this.clock.now();
      const next = current.reactivate(now);
      if (sameAddressState(next.state, current.state)) return current;
      await this.addresses.saveAll([{ ...address, state: next.state }], now);
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
        await this.outbox.append(statusChangeEvents(change));
        changes.push(change);
      }
      return next;
    });
    await this.notifier.publish(changes);
    return reactivated;
  }
}
