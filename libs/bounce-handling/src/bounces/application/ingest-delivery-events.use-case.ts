import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { StatusChangeLog } from '../../shared/application/ports/status-change-log.port';
import { StatusChangeNotifier } from '../../shared/application/ports/status-change.notifier.port';
import { TransactionRunner } from '../../shared/application/ports/transaction-runner.port';
import type { StatusChange } from '../../shared/domain/status-change';
import type { AddressState } from '../domain/address-state';
import { type BounceDecision, bounceHandlingPolicy, isRecorded, stateAfter } from '../domain/bounce-handling.policy';
import { bounceTypeOf, type DeliveryEvent } from '../domain/delivery-event';
import { BounceHandlingRules } from './bounce-handling-rules';
import { AddressStateRepository, type LockedAddress } from './ports/address-state.repository.port';
import { BounceRepository } from './ports/bounce.repository.port';

/** What became of one event. */
export type IngestOutcome =
  | { readonly result: 'recorded'; readonly bounceId: number; readonly decision: BounceDecision['kind'] }
  /** The provider re-sent a report already recorded: nothing stored, nothing applied. */
  | { readonly result: 'duplicate' }
  /** Applied without a bounce row (a delivery's reset), or deliberately neither. */
  | { readonly result: 'applied' | 'ignored'; readonly decision: BounceDecision['kind'] };

/**
 * Distinct addresses handled in one transaction. Each takes a lock until the commit, and
 * PostgreSQL's lock table is shared and bounded (64 × max_connections slots by default): a
 * provider's batch of tens of thousands of addresses must not take them all at once.
 */
export const MAX_ADDRESSES_PER_TRANSACTION = 500;

/**
 * Records delivery events and applies the bounce-handling policy to their addresses, in one
 * transaction (a few for a batch of more than 500 addresses): when it resolves, every event is
 * durably stored and applied exactly once. When it rejects, the transactions that committed
 * stay, which is safe because a provider re-sends the whole request and its events are
 * idempotent. Status changes are published after each commit.
 */
@Injectable()
export class IngestDeliveryEvents {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly addresses: AddressStateRepository,
    private readonly bounces: BounceRepository,
    private readonly statusChanges: StatusChangeLog,
    private readonly notifier: StatusChangeNotifier,
    private readonly rules: BounceHandlingRules,
    private readonly clock: Clock,
  ) {}

  /** Outcomes are in the order of `events`. */
  async execute(events: readonly DeliveryEvent[]): Promise<IngestOutcome[]> {
    if (events.length === 0) return [];
    // Locks are taken address by address in one order, so that two batches naming the same
    // addresses cannot deadlock; the sort is stable, so one address's events keep their order.
    const order = events.map((_, index) => index).sort((a, b) => compare(events[a].email.value, events[b].email.value));
    const outcomes = new Array<IngestOutcome>(events.length);
    for (const chunk of byAddressChunks(order, (index) => events[index].email.value, MAX_ADDRESSES_PER_TRANSACTION)) {
      const changes: StatusChange[] = [];
      await this.transactions.run(async () => {
        for (const index of chunk) outcomes[index] = await this.ingestOne(events[index], changes);
      });
      await this.notifier.publish(changes);
    }
    return outcomes;
  }

  private async ingestOne(event: DeliveryEvent, changes: StatusChange[]): Promise<IngestOutcome> {
    const address = await this.addresses.lock(event.email);
    const decision = bounceHandlingPolicy(address.state, event, { messageAlreadyCounted: await this.messageAlreadyCounted(event, address) }, this.rules);
    const now = this.clock.now();

    let bounceId: number | null = null;
    if (isRecorded(decision) && event.kind !== 'delivery') {
      bounceId = await this.bounces.add({
        email: address.email,
        bounceType: bounceTypeOf(event),
        bounceSubtype: event.subtype,
        diagnosticCode: event.kind === 'bounce' ? event.diagnosticCode : null,
        source: event.source,
        subscriberId: address.subscriberId,
        campaignId: event.campaignId,
        providerMessageId: event.providerMessageId,
        providerEventId: event.providerEventId,
        rawPayload: event.rawPayload,
        createdAt: now,
      });
      if (bounceId === null) return { result: 'duplicate' };
    }

    const next = stateAfter(address.state, decision);
    const statusChanged = next.status !== address.state.status;
    if (bounceId !== null || !sameState(next, address.state)) {
      await this.addresses.save(address, { state: next, at: now, bounced: bounceId !== null, statusChanged });
    }
    if (statusChanged && decision.kind === 'suppress') {
      const change: StatusChange = {
        email: address.email,
        subscriberId: address.subscriberId,
        previousStatus: address.state.status,
        status: next.status,
        reason: decision.reason,
        bounceId,
        occurredAt: now,
      };
      await this.statusChanges.record(change, null);
      changes.push(change);
    }

    if (bounceId !== null) return { result: 'recorded', bounceId, decision: decision.kind };
    return { result: decision.kind === 'ignore' ? 'ignored' : 'applied', decision: decision.kind };
  }

  /** Only a soft bounce of a known message, to an address still counting, needs the look-up. */
  private async messageAlreadyCounted(event: DeliveryEvent, address: LockedAddress): Promise<boolean> {
    if (event.kind !== 'bounce' || event.bounceType !== 'soft' || event.providerMessageId === null) return false;
    if (address.state.status !== 'active') return false;
    return this.bounces.hasSoftBounceOfMessage(address.email, event.providerMessageId);
  }
}

function sameState(a: AddressState, b: AddressState): boolean {
  return a.status === b.status && a.consecutiveSoftBounces === b.consecutiveSoftBounces;
}

/** Consecutive runs of `sorted`, each naming at most `maxAddresses` addresses, never splitting one. */
function byAddressChunks(sorted: readonly number[], addressOf: (index: number) => string, maxAddresses: number): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let addresses = 0;
  let previous: string | null = null;
  for (const index of sorted) {
    const address = addressOf(index);
    if (address !== previous) {
      if (addresses === maxAddresses) {
        chunks.push(current);
        current = [];
        addresses = 0;
      }
      addresses += 1;
      previous = address;
    }
    current.push(index);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
