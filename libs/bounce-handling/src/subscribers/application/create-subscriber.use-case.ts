import { Injectable } from '@nestjs/common';
import { AddressStateRepository } from '../../shared/application/ports/address-state.repository.port';
import { Clock } from '../../shared/application/ports/clock.port';
import { TransactionRunner } from '../../shared/application/ports/transaction-runner.port';
import { EmailAddress } from '../../shared/domain/email-address';
import type { Subscriber } from '../domain/subscriber';
import { SubscriberAlreadyExistsError } from '../domain/subscriber.errors';
import { SubscriberRepository } from './ports/subscriber.repository.port';

export interface CreateSubscriberCommand {
  readonly email: string;
  readonly name: string | null;
}

/**
 * Adds a subscriber. Under the address lock, so that no bounce for the address lands between
 * the look at its state and the hand-over: the subscriber starts with its address's state, so
 * an address suppressed before anyone subscribed it starts suppressed (docs/policy.md, rule 6).
 */
@Injectable()
export class CreateSubscriber {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly addresses: AddressStateRepository,
    private readonly subscribers: SubscriberRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateSubscriberCommand): Promise<Subscriber> {
    const email = EmailAddress.parse(command.email);
    return this.transactions.run(async () => {
      const address = (await this.addresses.lockAll([email.value])).get(email.value)!;
      if (address.subscriberId !== null) throw new SubscriberAlreadyExistsError(email.value);
      return this.subscribers.add({ email, name: command.name }, address.state, this.clock.now());
    });
  }
}
