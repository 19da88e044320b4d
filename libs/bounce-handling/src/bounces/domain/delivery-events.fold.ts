import { type AddressState, addressStateAt, type LockedAddress } from '../../shared/domain/address-state';
import type { StatusChange } from '../../shared/domain/status-change';
import { type BounceDecision, bounceHandlingPolicy, type BouncePolicyRules, countsOncePerMessage, isRecorded, stateAfter } from './bounce-handling.policy';
import type { BounceEvent, ComplaintEvent, DeliveryEvent } from './delivery-event';

/** What the database already holds of these events (keys from `reportKey` and `softMessageKey`). */
export interface KnownReports {
  /** Reports already recorded. */
  readonly reports: ReadonlySet<string>;
  /** Provider messages already counted as a soft bounce of their address. */
  readonly softMessages: ReadonlySet<string>;
}

/** What became of one event, in the fold. */
export type FoldOutcome =
  /** To be stored: `recorded` is its place in `FoldResult.recorded`. */
  | { readonly result: 'recorded'; readonly decision: BounceDecision['kind']; readonly recorded: number }
  /** A report already recorded (before, or earlier in the same events): nothing stored, nothing applied. */
  | { readonly result: 'duplicate' }
  /** Applied without a bounce row (a delivery's reset), or deliberately neither. */
  | { readonly result: 'applied' | 'ignored'; readonly decision: BounceDecision['kind'] };

export interface FoldResult {
  /** One per event, in the order of the events. */
  readonly outcomes: readonly FoldOutcome[];
  /** The bounces and complaints to store, in order, with the subscriber each belongs to. */
  readonly recorded: readonly { readonly event: BounceEvent | ComplaintEvent; readonly subscriberId: number | null }[];
  /** The status changes, in order, each with the place in `recorded` of the bounce that caused it (-1: none, as for a lapse). */
  readonly statusChanges: readonly { readonly change: Omit<StatusChange, 'bounceId'>; readonly recorded: number }[];
  /** Every address the events named, in the order first named, as it was locked and with its state after them. */
  readonly addresses: readonly { readonly address: LockedAddress; readonly state: AddressState }[];
}

/** The key of a provider's report (its source and event id). */
export function reportKey(source: string, providerEventId: string): string {
  return `${source}\u0000${providerEventId}`;
}

/** The key of a provider message sent to an address. */
export function softMessageKey(email: string, providerMessageId: string): string {
  return `${email}\u0000${providerMessageId}`;
}

/**
 * The policy applied event by event, in order, over the states of the locked addresses, all at
 * `at`: what to store and how each address ends. Pure — no clock, no I/O — so that the
 * ingestion can do it in memory between one set-wise read and one set-wise write, and it can be
 * tested alone. A report named twice is recorded once, and a provider message's soft bounce
 * counts once, whether the repeat was already stored (`known`) or comes later in the same events.
 * An address whose suppression by the soft threshold has lapsed by `at` is active again for the
 * event (a status change at the moment it lapsed; docs/policy.md, rule 13). The reports of an
 * address in `allowListed` are recorded and change nothing of it (rule 14).
 */
export function foldDeliveryEvents(
  events: readonly DeliveryEvent[],
  addresses: ReadonlyMap<string, LockedAddress>,
  known: KnownReports,
  rules: BouncePolicyRules,
  at: Date,
  allowListed: ReadonlySet<string>,
): FoldResult {
  const reports = new Set(known.reports);
  const softMessages = new Set(known.softMessages);
  const working = new Map<string, { address: LockedAddress; state: AddressState }>();
  const outcomes: FoldOutcome[] = [];
  const recorded: { event: BounceEvent | ComplaintEvent; subscriberId: number | null }[] = [];
  const statusChanges: { change: Omit<StatusChange, 'bounceId'>; recorded: number }[] = [];

  for (const event of events) {
    const email = event.email.value;
    const address = addresses.get(email);
    if (address === undefined) throw new Error(`The address of an event was not locked: ${email}`);
    const key = event.kind === 'delivery' || event.providerEventId === null ? null : reportKey(event.source, event.providerEventId);
    if (key !== null && reports.has(key)) {
      outcomes.push({ result: 'duplicate' });
      continue;
    }
    const before = working.get(email)?.state ?? address.state;
    // A suppression by the soft threshold that has lapsed is over: recorded as such, at the
    // moment it lapsed, and the event applies to the address as it now is.
    const current = addressStateAt(before, at, rules.softSuppressionExpiryDays);
    if (current !== before) {
      statusChanges.push({
        change: {
          email,
          subscriberId: address.subscriberId,
          previousStatus: before.status,
          status: current.status,
          reason: 'soft-suppression-expired',
          occurredAt: current.statusChangedAt ?? at,
        },
        recorded: -1,
      });
    }
    const softMessage = countsOncePerMessage(event) && event.providerMessageId !== null ? softMessageKey(email, event.providerMessageId) : null;
    const context = { messageAlreadyCounted: softMessage !== null && softMessages.has(softMessage), at, allowListed: allowListed.has(email) };
    const decision = bounceHandlingPolicy(current, event, context, rules);
    const next = stateAfter(current, decision, at);

    if (isRecorded(decision) && event.kind !== 'delivery') {
      recorded.push({ event, subscriberId: address.subscriberId });
      if (key !== null) reports.add(key);
      if (softMessage !== null) softMessages.add(softMessage);
      outcomes.push({ result: 'recorded', decision: decision.kind, recorded: recorded.length - 1 });
    } else {
      outcomes.push({ result: decision.kind === 'ignore' ? 'ignored' : 'applied', decision: decision.kind });
    }
    if (decision.kind === 'suppress' && next.status !== current.status) {
      statusChanges.push({
        change: { email, subscriberId: address.subscriberId, previousStatus: current.status, status: next.status, reason: decision.reason, occurredAt: at },
        recorded: recorded.length - 1,
      });
    }
    working.set(email, { address, state: next });
  }
  return { outcomes, recorded, statusChanges, addresses: [...working.values()] };
}
