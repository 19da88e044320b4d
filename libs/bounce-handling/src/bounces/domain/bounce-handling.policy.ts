import type { AddressState } from '../../shared/domain/address-state';
import type { AddressStatus, PolicySuppressionReason } from '../../shared/domain/address-status';
import { daysAfter } from '../../shared/domain/days';
import { type BounceEvent, bounceTypeOf, type DeliveryEvent, isSenderBlock } from './delivery-event';

export interface BouncePolicyRules {
  /** Consecutive soft bounces that count as a hard bounce (at least 1). */
  readonly softBounceThreshold: number;
  /** A provider's bounce of category `sender` counts as a soft bounce, instead of changing nothing (rule 11). */
  readonly senderBlocksSuppress: boolean;
  /** Days a counted soft bounce counts toward the threshold (rule 13); null: as long as its run lasts. */
  readonly softBounceWindowDays: number | null;
  /**
   * Days after which a suppression by the soft threshold lapses (rule 13); null: never. The
   * policy is given the state as it stands when the event is applied (`addressStateAt`).
   */
  readonly softSuppressionExpiryDays: number | null;
}

export const DEFAULT_BOUNCE_POLICY_RULES: BouncePolicyRules = {
  softBounceThreshold: 3,
  senderBlocksSuppress: false,
  softBounceWindowDays: null,
  softSuppressionExpiryDays: null,
};

/** What the event tells about the address beyond its state. */
export interface EventContext {
  /** A soft bounce of the same provider message was already counted for this address. */
  readonly messageAlreadyCounted: boolean;
  /** When the event is applied: the time a counted soft bounce keeps. */
  readonly at: Date;
  /**
   * The address is on the allow-list, by its own entry or its domain's (a seed inbox, a test
   * domain): its bounces and complaints are recorded and change nothing of it (rule 14).
   */
  readonly allowListed: boolean;
}

export type BounceDecision =
  /** Record the event and move the address to a suppressed status, for this reason, with this run of soft bounces. */
  | ({
      readonly kind: 'suppress';
      readonly status: Exclude<AddressStatus, 'active'>;
      readonly reason: PolicySuppressionReason;
    } & SoftBounceRun)
  /** Record the soft bounce and set the run of soft bounces to this one. */
  | ({ readonly kind: 'count-soft' } & SoftBounceRun)
  /** Record the event; the address does not change. */
  | { readonly kind: 'record-only'; readonly why: RecordOnlyReason }
  /** A delivery: the run of soft bounces starts again from zero. */
  | { readonly kind: 'reset' }
  /** Neither recorded nor applied. */
  | { readonly kind: 'ignore'; readonly why: IgnoreReason };

/** A run of soft bounces: how many count, and when those with a known time were applied (`AddressState`). */
export interface SoftBounceRun {
  readonly consecutiveSoftBounces: number;
  readonly softBounceTimes: readonly Date[];
}

export type RecordOnlyReason = 'already-suppressed' | 'message-already-counted' | 'sender-block' | 'allow-listed';
export type IgnoreReason = 'not-spam-feedback' | 'nothing-to-reset';

export type BounceHandlingPolicy = (state: AddressState, event: DeliveryEvent, context: EventContext, rules: BouncePolicyRules) => BounceDecision;

/**
 * The bounce-handling policy (docs/policy.md): a pure function of the address's state as it
 * stands when the event is applied (`addressStateAt`), the event, its context (its time among
 * it) and the rules. It takes no clock and does no I/O; the caller loads the state under a lock,
 * asks, and persists the decision in the same transaction.
 */
export const bounceHandlingPolicy: BounceHandlingPolicy = (state, event, context, rules) => {
  switch (event.kind) {
    case 'delivery':
      return state.consecutiveSoftBounces > 0 ? { kind: 'reset' } : { kind: 'ignore', why: 'nothing-to-reset' };

    case 'complaint':
      if (event.feedbackType?.toLowerCase() === 'not-spam') return { kind: 'ignore', why: 'not-spam-feedback' };
      if (context.allowListed) return { kind: 'record-only', why: 'allow-listed' };
      // A complaint is a person's wish: it overrides `bounced`, and nothing overrides it.
      if (state.status === 'unsubscribed') return { kind: 'record-only', why: 'already-suppressed' };
      return { kind: 'suppress', status: 'unsubscribed', reason: 'complaint', ...runOf(state) };

    case 'bounce': {
      // A seed inbox or a test domain: recorded, and neither suppressed nor counted, whatever its state.
      if (context.allowListed) return { kind: 'record-only', why: 'allow-listed' };
      // A refusal of the sender says nothing about the address, whatever word the provider used.
      const senderBlock = isSenderBlock(event);
      const hard = event.bounceType === 'hard' && !senderBlock;
      if (state.status !== 'active') {
        // The address does not exist after all: its suppression must no longer lapse (rule 13).
        if (hard && state.status === 'bounced' && state.suppressedBy === 'soft-bounce-threshold') {
          return { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', ...runOf(state) };
        }
        return { kind: 'record-only', why: 'already-suppressed' };
      }
      if (senderBlock && !rules.senderBlocksSuppress) return { kind: 'record-only', why: 'sender-block' };
      if (hard) return { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', ...runOf(state) };
      if (context.messageAlreadyCounted) return { kind: 'record-only', why: 'message-already-counted' };
      const run = runWithSoftBounceAt(state, context.at, rules);
      if (run.consecutiveSoftBounces >= rules.softBounceThreshold) {
        return { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', ...run };
      }
      return { kind: 'count-soft', ...run };
    }
  }
};

/**
 * The state an address has after the decision, taken at `at`: a decision that stores a bounce
 * makes `at` its last bounce, and a change of status happens at `at`. A suppression says what
 * suppressed the address. `record-only` and `ignore` change neither status nor run of soft bounces.
 */
export function stateAfter(state: AddressState, decision: BounceDecision, at: Date): AddressState {
  const { status, suppressedBy, consecutiveSoftBounces, softBounceTimes } = statusAndRunAfter(state, decision);
  return {
    status,
    consecutiveSoftBounces,
    softBounceTimes,
    suppressedBy,
    lastBounceAt: isRecorded(decision) ? at : state.lastBounceAt,
    statusChangedAt: status === state.status ? state.statusChangedAt : at,
  };
}

function statusAndRunAfter(state: AddressState, decision: BounceDecision): Pick<AddressState, 'status' | 'suppressedBy'> & SoftBounceRun {
  switch (decision.kind) {
    case 'suppress':
      return { status: decision.status, suppressedBy: decision.reason, ...runOf(decision) };
    case 'count-soft':
      return { status: state.status, suppressedBy: state.suppressedBy, ...runOf(decision) };
    case 'reset':
      return { status: state.status, suppressedBy: state.suppressedBy, consecutiveSoftBounces: 0, softBounceTimes: [] };
    case 'record-only':
    case 'ignore':
      return state;
  }
}

/**
 * The run once a soft bounce at `at` is counted: the run's soft bounces still within the window
 * (none older than `softBounceWindowDays` days at `at`; all of them without a window), and this
 * one. Soft bounces counted before their times were kept have none, and count until the run ends.
 */
function runWithSoftBounceAt(state: AddressState, at: Date, rules: BouncePolicyRules): SoftBounceRun {
  const untimed = Math.max(0, state.consecutiveSoftBounces - state.softBounceTimes.length);
  const since = rules.softBounceWindowDays === null ? null : daysAfter(at, -rules.softBounceWindowDays).getTime();
  const kept = since === null ? state.softBounceTimes : state.softBounceTimes.filter((time) => time.getTime() >= since);
  const softBounceTimes = [...kept, at];
  return { consecutiveSoftBounces: untimed + softBounceTimes.length, softBounceTimes };
}

function runOf({ consecutiveSoftBounces, softBounceTimes }: SoftBounceRun): SoftBounceRun {
  return { consecutiveSoftBounces, softBounceTimes };
}

/**
 * Whether a bounce of a provider message counts at most once for its address (rule 5): one
 * stored as soft — a soft bounce, or a refusal of the sender, which counts as soft if at all.
 */
export function countsOncePerMessage(event: DeliveryEvent): event is BounceEvent {
  return event.kind === 'bounce' && bounceTypeOf(event) === 'soft';
}

/** Whether the decision stores a bounce row. */
export function isRecorded(decision: BounceDecision): boolean {
  return decision.kind === 'suppress' || decision.kind === 'count-soft' || decision.kind === 'record-only';
}
