import { Injectable } from '@nestjs/common';
import { AddressStateRepository } from '../../shared/application/ports/address-state.repository.port';
import { Clock } from '../../shared/application/ports/clock.port';
import { Outbox } from '../../shared/application/ports/outbox.port';
import { StatusChangeLog } from '../../shared/application/ports/status-change-log.port';
import { StatusChangeNotifier } from '../../shared/application/ports/status-change.notifier.port';
import { TransactionRunner } from '../../shared/application/ports/transaction-runner.port';
import { type LockedAddress, sameAddressState } from '../../shared/domain/address-state';
import { bounceRecordedEvent, statusChangeEvents } from '../../shared/domain/outbound-event-data';
import type { StatusChange } from '../../shared/domain/status-change';
import { type BounceDecision, countsOncePerMessage } from '../domain/bounce-handling.policy';
import { bounceTypeOf, type DeliveryEvent } from '../domain/delivery-event';
import { causeToStore } from '../domain/stored-bounce-cause';
import { foldDeliveryEvents, type KnownReports, reportKey, softMessageKey } from '../domain/delivery-events.fold';
import { BounceHandlingRules } from './bounce-handling-rules';
import { AllowList } from './ports/allow-list.port';
import { DeliveryStatistics, type ReportToCount } from './ports/delivery-statistics.port';
import { type AddressMessage, BounceRepository, type NewBounce, type ProviderEventKey } from './ports/bounce.repository.port';
import { IngestionMetrics } from './ports/ingestion-metrics.port';

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
 * durably stored and applied exactly once, and its outbound events (`bounce.recorded`,
 * `subscriber.status_changed`, `suppression.added`) are in the outbox, written by the same
 * transaction. When it rejects, the transactions that committed stay, which is safe because a
 * provider re-sends the whole request and its events are idempotent. Status changes are
 * published, and the outcomes counted, after each commit.
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
    private readonly allowList: AllowList,
    private readonly outbox: Outbox,
    private readonly statistics: DeliveryStatistics,
    private readonly metrics: IngestionMetrics,
  ) {}

  /** Outcomes are in the order of `events`. */
  async execute(events: readonly DeliveryEvent[]): Promise<IngestOutcome[]> {
    if (events.length === 0) return [];
    // Addresses in one order (the sort is stable, so one address's events keep their order),
    // by domain first: a batch of more addresses than a transaction takes is split between
    // domains where it can, so that each domain's counter rows are written by one transaction
    // rather than by every one. (The locks themselves are taken in their own order, whatever this one.)
    const keys = events.map((event) => byDomainKey(event.email.value));
    const order = events.map((_, index) => index).sort((a, b) => compare(keys[a], keys[b]));
    const outcomes = new Array<IngestOutcome>(events.length);
    for (const chunk of byAddressChunks(order, (index) => events[index].email.value, MAX_ADDRESSES_PER_TRANSACTION)) {
      const { changes, counted } = await this.transactions.run(() => this.ingestChunk(chunk, events, outcomes));
      this.metrics.countIngested(chunk.map((index) => ({ source: events[index].source, result: outcomes[index].result })));
      await this.notifier.publish(changes);
      await counted.publish();
    }
    return outcomes;
  }

  /**
   * One transaction: lock and load every address, find which reports and messages are already
   * known, apply the policy event by event in memory (`foldDeliveryEvents`), then write it all
   * back set-wise. A few statements however many events.
   */
  private async ingestChunk(
    chunk: readonly number[],
    events: readonly DeliveryEvent[],
    outcomes: IngestOutcome[],
  ): Promise<{ changes: StatusChange[]; counted: { publish(): Promise<void> } }> {
    const inChunk = chunk.map((index) => events[index]);
    const emails = [...new Set(inChunk.map((event) => event.email.value))];
    const locked = await this.addresses.lockAll(emails);
    // A lone event needs no look-up of its report: if it is already stored, its insert below
    // stores nothing, and nothing of it is applied. A batch looks its reports up first, so that
    // a re-sent report among new ones is told apart before the policy counts it.
    const single = inChunk.length === 1;
    const [known, allowListed] = await Promise.all([this.knownReports(inChunk, { reports: !single }), this.allowListedAmong(inChunk, emails)]);
    const now = this.clock.now();
    const fold = foldDeliveryEvents(inChunk, locked, known, this.rules, now, allowListed);

    const newBounces = fold.recorded.map(({ event, subscriberId }): NewBounce => ({
      email: event.email.value,
      bounceType: bounceTypeOf(event),
      bounceSubtype: event.subtype,
      diagnosticCode: event.kind === 'bounce' ? event.diagnosticCode : null,
      cause: causeToStore(event),
      source: event.source,
      subscriberId,
      campaignId: event.campaignId,
      providerMessageId: event.providerMessageId,
      providerEventId: event.providerEventId,
      rawPayload: event.rawPayload,
      createdAt: now,
    }));
    const ids = await this.bounces.addAll(newBounces);
    if (single && ids[0] === null) {
      outcomes[chunk[0]] = { result: 'duplicate' };
      return { changes: [], counted: { publish: async () => undefined } };
    }
    if (ids.some((id) => id === null)) {
      // Another transaction stored one of these reports after we looked: its address differs
      // from ours (same address would have waited for our lock). Start the chunk again: the
      // look-up will now see it as recorded.
      throw new ConcurrentReportError();
    }
    fold.outcomes.forEach((outcome, n) => {
      outcomes[chunk[n]] = outcome.result === 'recorded' ? { result: 'recorded', bounceId: ids[outcome.recorded]!, decision: outcome.decision } : outcome;
    });

    const changed: LockedAddress[] = [];
    for (const { address, state } of fold.addresses) if (!sameAddressState(state, address.state)) changed.push({ ...address, state });
    await this.addresses.saveAll(changed, now);

    const recordedChanges = fold.statusChanges.map(({ change, recorded }) => ({ ...change, bounceId: recorded >= 0 ? ids[recorded]! : null }));
    await this.statusChanges.recordAll(recordedChanges, null);
    // Outbound events, in this transaction: each stored bounce, then each change of status.
    await this.outbox.append([
      ...newBounces.map((bounce, n) =>
        bounceRecordedEvent({
          id: ids[n]!,
          email: bounce.email,
          bounceType: bounce.bounceType,
          reason: bounce.cause.reason,
          category: bounce.cause.category,
          status: bounce.cause.status,
          source: bounce.source,
          campaignId: bounce.campaignId,
          createdAt: bounce.createdAt,
        }),
      ),
      ...recordedChanges.flatMap((change) => statusChangeEvents(change)),
    ]);
    // Last, so that the counters' rows, which every batch of the hour shares, are locked only until the commit.
    const counted = await this.statistics.count(reportsToCount(newBounces, inChunk, now));
    return { changes: recordedChanges, counted };
  }

  /**
   * The addresses of the chunk on the allow-list (docs/policy.md, rule 14): one look-up in the
   * chunk's transaction, skipped when the chunk holds only deliveries (the list changes none).
   */
  private async allowListedAmong(events: readonly DeliveryEvent[], emails: readonly string[]): Promise<ReadonlySet<string>> {
    return events.some((event) => event.kind !== 'delivery') ? this.allowList.allowListedAmong(emails) : new Set();
  }

  /** The reports (when asked) and soft-bounced messages among these events that the database already has. */
  private async knownReports(events: readonly DeliveryEvent[], lookUp: { reports: boolean }): Promise<KnownReports> {
    const keys: ProviderEventKey[] = [];
    const messages: AddressMessage[] = [];
    for (const event of events) {
      if (lookUp.reports && event.kind !== 'delivery' && event.providerEventId !== null)
        keys.push({ source: event.source, providerEventId: event.providerEventId });
      if (countsOncePerMessage(event) && event.providerMessageId !== null) {
        messages.push({ email: event.email.value, providerMessageId: event.providerMessageId });
      }
    }
    const [recorded, softBounced] = await Promise.all([
      keys.length > 0 ? this.bounces.recordedEvents(keys) : [],
      messages.length > 0 ? this.bounces.softBouncedMessages(messages) : [],
    ]);
    return {
      reports: new Set(recorded.map((key) => reportKey(key.source, key.providerEventId))),
      softMessages: new Set(softBounced.map((message) => softMessageKey(message.email, message.providerMessageId))),
    };
  }
}

/** What statistics count of a chunk: its stored bounces and complaints, and its deliveries. */
function reportsToCount(stored: readonly NewBounce[], events: readonly DeliveryEvent[], at: Date): ReportToCount[] {
  const reports: ReportToCount[] = stored.map((bounce) => ({
    at,
    outcome: bounce.bounceType,
    email: bounce.email,
    campaignId: bounce.campaignId,
    source: bounce.source,
    reason: bounce.cause.reason,
    category: bounce.cause.category,
  }));
  for (const event of events) {
    if (event.kind === 'delivery') {
      reports.push({ at, outcome: 'delivered', email: event.email.value, campaignId: event.campaignId, source: event.source, reason: null, category: null });
    }
  }
  return reports;
}

/** A report stored by a concurrent transaction between our look-up and our insert; retryable. */
export class ConcurrentReportError extends Error {
  readonly retryable = true;

  constructor() {
    super('A report of this batch was stored concurrently; the batch is applied again');
  }
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

/** An address's place in a batch: its domain, then the whole address. */
function byDomainKey(email: string): string {
  return `${email.slice(email.lastIndexOf('@') + 1)}\u0000${email}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
