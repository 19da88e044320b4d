import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { TransactionRunner } from '../../shared/application/ports/transaction-runner.port';
import { CampaignId } from '../../shared/domain/campaign-id';
import { ValidationError } from '../../shared/domain/domain-error';
import { EmailAddress } from '../../shared/domain/email-address';
import type { CountedMessage } from '../domain/counted-message';
import { CountMessages } from './count-messages.use-case';

/** Addresses one call counts at most. */
export const MAX_SENDS_PER_CALL = 10_000;

export interface CountSendsCommand {
  /** Text or a non-negative integer (`CampaignId`'s rule); none for a message of no campaign. */
  readonly campaignId?: string | number | null;
  readonly emails: readonly string[];
}

/** How many addresses were counted as sent, and how many were no address (skipped, not counted). */
export interface CountedSends {
  readonly counted: number;
  readonly invalid: number;
}

/**
 * Counts messages sent, now, by campaign and recipient domain: the basis of the bounce and
 * complaint rates. An entry that is no e-mail address is skipped and reported as `invalid`, so
 * that one bad address does not lose a sender's count of ten thousand good ones.
 */
@Injectable()
export class CountSends {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly count: CountMessages,
    private readonly clock: Clock,
  ) {}

  async execute(command: CountSendsCommand): Promise<CountedSends> {
    if (command.emails.length > MAX_SENDS_PER_CALL) {
      const message = `must hold at most ${MAX_SENDS_PER_CALL} addresses`;
      throw new ValidationError(`emails: ${message}`, [{ field: 'emails', message }]);
    }
    const campaignId = command.campaignId === undefined || command.campaignId === null ? null : CampaignId.parse(command.campaignId).value;
    const at = this.clock.now();
    const messages: CountedMessage[] = [];
    for (const email of command.emails) {
      const address = EmailAddress.tryParse(email);
      if (address !== null) messages.push({ at, outcome: 'sent', email: address.value, campaignId, reason: null, category: null, source: null });
    }
    if (messages.length > 0) {
      const counted = await this.transactions.run(() => this.count.execute(messages, at));
      await counted.publish();
    }
    return { counted: messages.length, invalid: command.emails.length - messages.length };
  }
}
