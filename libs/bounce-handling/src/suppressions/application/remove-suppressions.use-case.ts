import { Injectable } from '@nestjs/common';
import { AddressStateRepository } from '../../shared/application/ports/address-state.repository.port';
import { Clock } from '../../shared/application/ports/clock.port';
import { Outbox } from '../../shared/application/ports/outbox.port';
import { StatusChangeLog } from '../../shared/application/ports/status-change-log.port';
import { StatusChangeNotifier } from '../../shared/application/ports/status-change.notifier.port';
import { TransactionRunner } from '../../shared/application/ports/transaction-runner.port';
import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import { addressStateAt, type LockedAddress } from '../../shared/domain/address-state';
import { EmailAddress } from '../../shared/domain/email-address';
import { statusChangeEvents } from '../../shared/domain/outbound-event-data';
import type { StatusChange } from '../../shared/domain/status-change';
import { decideRemoval, MAX_SUPPRESSIONS_PER_BATCH, type RemoveSuppressionResult } from '../domain/suppression';
import { TooManySuppressionsError } from '../domain/suppression.errors';
import { SuppressionRepository } from './ports/suppression.repository.port';

export interface RemoveSuppressionsCommand {
  /** At most `MAX_SUPPRESSIONS_PER_BATCH`; a longer list is refused whole (`TooManySuppressionsError`). */
  readonly emails: readonly string[];
  /** Remove complaints and unsubscribed addresses too; they are kept otherwise. */
  readonly includeComplaints: boolean;
  /** Who removed them (an API key's name), for the audit trail. */
  readonly actor: string;
}

/**
 * Removes addresses from the suppression list (`decideRemoval`): each removal is a re-activation
 * (docs/policy.md, rule 4), in one transaction under the addresses' locks, recorded with its
 * actor, appended to the outbox as outbound events (`subscriber.status_changed`,
 * `suppression.removed`) in the same transaction, and published after the commit. One result per address, in order. An address is taken as
 * stored (trimmed, lower-cased, however odd: a provider may have reported it so); a string that
 * cannot be a stored address is not suppressed. A suppression by the soft threshold that has
 * lapsed is over: such an address is not suppressed and is left as it is.
 */
@Injectable()
export class RemoveSuppressions {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly addresses: AddressStateRepository,
    private readonly suppressions: SuppressionRepository,
    private readonly statusChanges: StatusChangeLog,
    private readonly notifier: StatusChangeNotifier,
    private readonly clock: Clock,
    private readonly expiry: SoftSuppressionExpiry,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: RemoveSuppressionsCommand): Promise<RemoveSuppressionResult[]> {
    if (command.emails.length > MAX_SUPPRESSIONS_PER_BATCH) throw new TooManySuppressionsError(command.emails.length);
    const parsed = command.emails.map((input) => EmailAddress.fromProvider(input)?.value ?? null);
    const emails = [...new Set(parsed.filter((email) => email !== null))];
    if (emails.length === 0) return command.emails.map((input) => ({ email: normalised(input), result: 'not_suppressed' }));

    const changes: StatusChange[] = [];
    const results = await this.transactions.run(async () => {
      const locked = await this.addresses.lockAll(emails);
      const now = this.clock.now();
      const removed = new Map<string, LockedAddress>();
      const results: RemoveSuppressionResult[] = [];
      for (const [index, email] of parsed.entries()) {
        if (email === null) {
          results.push({ email: normalised(command.emails[index]), result: 'not_suppressed' });
          continue;
        }
        const address = removed.get(email) ?? locked.get(email)!;
        const decision = decideRemoval(addressStateAt(address.state, now, this.expiry.days), command.includeComplaints, now);
        if (decision.kind !== 'remove') {
          results.push({ email, result: decision.kind === 'kept' ? 'kept_complaint' : 'not_suppressed' });
          continue;
        }
        removed.set(email, { ...address, state: decision.state });
        changes.push({
          email,
          subscriberId: address.subscriberId,
          previousStatus: address.state.status,
          status: decision.state.status,
          reason: 'reactivation',
          bounceId: null,
          occurredAt: now,
        });
        results.push({ email, result: 'removed' });
      }
      if (removed.size > 0) {
        await this.addresses.saveAll([...removed.values()], now);
        await this.suppressions.saveNotes([...removed.values()].map((address) => ({ email: address.email, subscriberId: address.subscriberId, note: null })));
        await this.statusChanges.recordAll(changes, command.actor);
        await this.outbox.append(changes.flatMap((change) => statusChangeEvents(change)));
      }
      return results;
    });
    await this.notifier.publish(changes);
    return results;
  }
}

function normalised(input: unknown): string {
  return typeof input === 'string' ? input.trim().toLowerCase() : String(input);
}
