import { Injectable } from '@nestjs/common';
import { AddressStateRepository } from '../../shared/application/ports/address-state.repository.port';
import { Clock } from '../../shared/application/ports/clock.port';
import { Outbox } from '../../shared/application/ports/outbox.port';
import { StatusChangeLog } from '../../shared/application/ports/status-change-log.port';
import { StatusChangeNotifier } from '../../shared/application/ports/status-change.notifier.port';
import { TransactionRunner } from '../../shared/application/ports/transaction-runner.port';
import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import { type AddressState, addressStateAt, type LockedAddress } from '../../shared/domain/address-state';
import { isSuppressed } from '../../shared/domain/address-status';
import { EmailAddress } from '../../shared/domain/email-address';
import { statusChangeEvents } from '../../shared/domain/outbound-event-data';
import type { StatusChange } from '../../shared/domain/status-change';
import {
  type AddedSuppressionOrigin,
  type AddSuppressionResult,
  decideAddition,
  MAX_SUPPRESSION_NOTE_LENGTH,
  MAX_SUPPRESSIONS_PER_BATCH,
  reasonOfAdded,
  type SuppressionEntry,
} from '../domain/suppression';
import { TooManySuppressionsError } from '../domain/suppression.errors';
import { type SuppressionNote, SuppressionRepository } from './ports/suppression.repository.port';

export interface AddSuppressionsCommand {
  /** At most `MAX_SUPPRESSIONS_PER_BATCH`; a longer list is refused whole (`TooManySuppressionsError`). */
  readonly entries: readonly SuppressionEntry[];
  readonly origin: AddedSuppressionOrigin;
  /** Who added them (an API key's name), for the audit trail. */
  readonly actor: string;
}

/**
 * Adds addresses to the suppression list (`decideAddition`): in one transaction, under the
 * addresses' locks; each change of status is recorded with its actor and its origin as reason,
 * its outbound events (`subscriber.status_changed`, `suppression.added`) are appended to the
 * outbox in the same transaction, and it is published after the commit. One result per entry, in order: an entry whose address is no
 * valid address, whose status is neither `bounced` nor `unsubscribed` or whose note is too long
 * is `invalid` and changes nothing; a later entry of the same address sees what an earlier one did.
 */
@Injectable()
export class AddSuppressions {
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

  async execute(command: AddSuppressionsCommand): Promise<AddSuppressionResult[]> {
    if (command.entries.length > MAX_SUPPRESSIONS_PER_BATCH) throw new TooManySuppressionsError(command.entries.length);
    const parsed = command.entries.map((entry) => validEntry(entry));
    const emails = [...new Set(parsed.flatMap((entry) => (entry ? [entry.email] : [])))];
    if (emails.length === 0) return command.entries.map((entry) => ({ email: entry.email, result: 'invalid', status: null }));

    const changes: StatusChange[] = [];
    const results = await this.transactions.run(async () => {
      const locked = await this.addresses.lockAll(emails);
      const now = this.clock.now();
      const working = new Map<string, { address: LockedAddress; state: AddressState; note: string | null; changed: boolean }>();
      const results: AddSuppressionResult[] = [];
      for (const [index, entry] of parsed.entries()) {
        if (entry === null) {
          results.push({ email: command.entries[index].email, result: 'invalid', status: null });
          continue;
        }
        const address = locked.get(entry.email)!;
        const known = working.get(entry.email);
        const before = known?.state ?? address.state;
        const current = addressStateAt(before, now, this.expiry.days);
        if (current !== before) {
          changes.push(change(address, before, current, 'soft-suppression-expired', current.statusChangedAt ?? now));
        }
        const decision = decideAddition(current, entry.status, command.origin, now);
        if (decision.kind === 'already-suppressed') {
          working.set(entry.email, { address, state: current, note: known?.note ?? null, changed: (known?.changed ?? false) || current !== before });
          results.push({ email: entry.email, result: 'already_suppressed', status: isSuppressed(current.status) ? current.status : entry.status });
          continue;
        }
        changes.push(change(address, current, decision.state, reasonOfAdded(command.origin), now));
        working.set(entry.email, { address, state: decision.state, note: entry.note, changed: true });
        results.push({ email: entry.email, result: 'added', status: entry.status });
      }
      const changed = [...working.values()].filter((address) => address.changed);
      if (changed.length > 0) {
        await this.addresses.saveAll(
          changed.map(({ address, state }) => ({ ...address, state })),
          now,
        );
        const notes: SuppressionNote[] = changed.map(({ address, state, note }) => ({
          email: address.email,
          subscriberId: address.subscriberId,
          note: isSuppressed(state.status) ? note : null,
        }));
        await this.suppressions.saveNotes(notes);
        await this.statusChanges.recordAll(changes, command.actor);
        await this.outbox.append(
          changes.flatMap((change) =>
            statusChangeEvents(change, change.reason === 'manual' || change.reason === 'import' ? (working.get(change.email)?.note ?? null) : null),
          ),
        );
      }
      return results;
    });
    await this.notifier.publish(changes);
    return results;
  }
}

function validEntry(entry: SuppressionEntry): { email: string; status: SuppressionEntry['status']; note: string | null } | null {
  const email = typeof entry.email === 'string' ? EmailAddress.tryParse(entry.email) : null;
  if (email === null || (entry.status !== 'bounced' && entry.status !== 'unsubscribed')) return null;
  const note = entry.note ?? null;
  if (note !== null && (typeof note !== 'string' || note.length > MAX_SUPPRESSION_NOTE_LENGTH)) return null;
  return { email: email.value, status: entry.status, note };
}

function change(address: LockedAddress, from: AddressState, to: AddressState, reason: StatusChange['reason'], at: Date): StatusChange {
  return { email: address.email, subscriberId: address.subscriberId, previousStatus: from.status, status: to.status, reason, bounceId: null, occurredAt: at };
}
