import { Subscriber } from '../../subscribers/domain/subscriber';
import { aComplaint, aDelivery, aHardBounce, aSoftBounce } from '../../testing/delivery-event.mother';
import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import {
  bounceHandlingPolicy,
  type BounceDecision,
  type BouncePolicyRules,
  DEFAULT_BOUNCE_POLICY_RULES,
  isRecorded,
  stateAfter,
} from './bounce-handling.policy';
import type { DeliveryEvent } from './delivery-event';

const active = (consecutiveSoftBounces = 0): AddressState => ({ ...NEW_ADDRESS_STATE, consecutiveSoftBounces });
const bounced: AddressState = { ...NEW_ADDRESS_STATE, status: 'bounced' };
const unsubscribed: AddressState = { ...NEW_ADDRESS_STATE, status: 'unsubscribed' };
/** When the events of a replay are applied. */
const AT = new Date('2026-01-10T12:00:00Z');
const fresh = { messageAlreadyCounted: false };
const counted = { messageAlreadyCounted: true };
const threshold = (softBounceThreshold: number): BouncePolicyRules => ({ softBounceThreshold });
const rules = DEFAULT_BOUNCE_POLICY_RULES;

describe('bounceHandlingPolicy', () => {
  // Every rule of docs/policy.md is a row: [behaviour, state, event, context, rules, decision].
  it.each<[string, AddressState, DeliveryEvent, typeof fresh, BouncePolicyRules, BounceDecision]>([
    // 1. hard → bounced at once
    ['suppresses an active address as bounced on a hard bounce', active(), aHardBounce(), fresh, rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 0 }],
    ['suppresses on a hard bounce even in the middle of a run of soft bounces', active(2), aHardBounce(), fresh, rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 2 }],
    // 2. complaint → unsubscribed at once; not-spam is not a complaint
    ['unsubscribes an active address on a complaint', active(), aComplaint(), fresh, rules,
      { kind: 'suppress', status: 'unsubscribed', reason: 'complaint', consecutiveSoftBounces: 0 }],
    ['ignores a not-spam feedback report', active(), aComplaint({ feedbackType: 'not-spam' }), fresh, rules,
      { kind: 'ignore', why: 'not-spam-feedback' }],
    ['ignores a not-spam feedback report whatever its case', active(), aComplaint({ feedbackType: 'Not-Spam' }), fresh, rules,
      { kind: 'ignore', why: 'not-spam-feedback' }],
    ['treats a complaint without a feedback type as a complaint', active(), aComplaint({ feedbackType: null }), fresh, rules,
      { kind: 'suppress', status: 'unsubscribed', reason: 'complaint', consecutiveSoftBounces: 0 }],
    // 3. soft → counted up to the threshold, then hard
    ['counts the first soft bounce', active(), aSoftBounce(), fresh, rules,
      { kind: 'count-soft', consecutiveSoftBounces: 1 }],
    ['counts the second soft bounce without suppressing', active(1), aSoftBounce(), fresh, rules,
      { kind: 'count-soft', consecutiveSoftBounces: 2 }],
    ['marks the address bounced on the third consecutive soft bounce', active(2), aSoftBounce(), fresh, rules,
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 3 }],
    ['honours a configured threshold of 5', active(3), aSoftBounce(), fresh, threshold(5),
      { kind: 'count-soft', consecutiveSoftBounces: 4 }],
    ['suppresses at a configured threshold of 5', active(4), aSoftBounce(), fresh, threshold(5),
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 5 }],
    ['suppresses on the first soft bounce with a threshold of 1', active(), aSoftBounce(), fresh, threshold(1),
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 1 }],
    // 4. consecutive: a delivery resets the run
    ['resets the run of soft bounces on a delivery', active(2), aDelivery(), fresh, rules, { kind: 'reset' }],
    ['resets the run of a suppressed address on a delivery without re-activating it', bounced_with(2), aDelivery(), fresh, rules, { kind: 'reset' }],
    ['ignores a delivery when there is no run to reset', active(0), aDelivery(), fresh, rules, { kind: 'ignore', why: 'nothing-to-reset' }],
    // 5. one message counts once
    ['records but does not count a soft bounce of a message already counted', active(1), aSoftBounce(), counted, rules,
      { kind: 'record-only', why: 'message-already-counted' }],
    ['does not let a re-reported message reach the threshold', active(2), aSoftBounce(), counted, rules,
      { kind: 'record-only', why: 'message-already-counted' }],
    ['suppresses on a hard bounce of a message whose soft bounce was counted', active(1), aHardBounce(), counted, rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 1 }],
    // 6. an address with no subscriber is handled like any other (its state starts new)
    ['suppresses an address never seen before on a hard bounce', NEW_ADDRESS_STATE, aHardBounce(), fresh, rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 0 }],
    // 7. a suppressed address keeps its status; precedence of unsubscribed over bounced
    ['records a hard bounce of a bounced address without change', bounced, aHardBounce(), fresh, rules,
      { kind: 'record-only', why: 'already-suppressed' }],
    ['records a soft bounce of a bounced address without counting it', bounced, aSoftBounce(), fresh, rules,
      { kind: 'record-only', why: 'already-suppressed' }],
    ['never lets a hard bounce overwrite unsubscribed', unsubscribed, aHardBounce(), fresh, rules,
      { kind: 'record-only', why: 'already-suppressed' }],
    ['never lets a soft bounce overwrite unsubscribed', unsubscribed, aSoftBounce(), fresh, rules,
      { kind: 'record-only', why: 'already-suppressed' }],
    ['moves a bounced address to unsubscribed on a complaint', bounced, aComplaint(), fresh, rules,
      { kind: 'suppress', status: 'unsubscribed', reason: 'complaint', consecutiveSoftBounces: 0 }],
    ['records a complaint of an unsubscribed address without change', unsubscribed, aComplaint(), fresh, rules,
      { kind: 'record-only', why: 'already-suppressed' }],
  ])('%s', (_behaviour, state, event, context, policyRules, expected) => {
    expect(bounceHandlingPolicy(state, event, context, policyRules)).toEqual(expected);
  });

  function bounced_with(consecutiveSoftBounces: number): AddressState {
    return { ...NEW_ADDRESS_STATE, status: 'bounced', consecutiveSoftBounces };
  }

  /** Folds events through the policy as the use case does, one after another, all at `AT`. */
  function replay(start: AddressState, events: DeliveryEvent[], policyRules = rules): AddressState {
    return events.reduce((state, event) => stateAfter(state, bounceHandlingPolicy(state, event, fresh, policyRules), AT), start);
  }

  it('suppresses after three soft bounces in a row', () => {
    expect(replay(active(), [aSoftBounce(), aSoftBounce(), aSoftBounce()])).toEqual({ status: 'bounced', consecutiveSoftBounces: 3, lastBounceAt: AT, statusChangedAt: AT });
  });

  it('does not suppress three soft bounces with a delivery between them', () => {
    expect(replay(active(), [aSoftBounce(), aSoftBounce(), aDelivery(), aSoftBounce()])).toEqual({ ...active(1), lastBounceAt: AT });
  });

  it('counts again from zero after an operator re-activates the subscriber', () => {
    const reactivatedAt = new Date('2026-01-05T00:00:00Z');
    const suppressed = new Subscriber(1, 'a@example.com', null, { ...NEW_ADDRESS_STATE, status: 'bounced', consecutiveSoftBounces: 3 }, new Date());
    const reactivated = suppressed.reactivate(reactivatedAt);
    const state = replay(reactivated.state, [aSoftBounce(), aSoftBounce()]);
    expect(state).toEqual({ ...active(2), lastBounceAt: AT, statusChangedAt: reactivatedAt });
  });

  describe('stateAfter', () => {
    const before = new Date('2026-01-01T00:00:00Z');
    const seen = (state: Partial<AddressState>): AddressState => ({ ...NEW_ADDRESS_STATE, lastBounceAt: before, statusChangedAt: before, ...state });

    it.each<[string, AddressState, DeliveryEvent, AddressState]>([
      ['a suppression changes the status then and is the last bounce', seen({}), aHardBounce(),
        { status: 'bounced', consecutiveSoftBounces: 0, lastBounceAt: AT, statusChangedAt: AT }],
      ['a counted soft bounce is the last bounce and keeps the time of the status change', seen({ consecutiveSoftBounces: 1 }), aSoftBounce(),
        { status: 'active', consecutiveSoftBounces: 2, lastBounceAt: AT, statusChangedAt: before }],
      ['a bounce recorded only is the last bounce and changes nothing else', seen({ status: 'bounced' }), aSoftBounce(),
        { status: 'bounced', consecutiveSoftBounces: 0, lastBounceAt: AT, statusChangedAt: before }],
      ["a delivery's reset is no bounce and no change of status", seen({ status: 'bounced', consecutiveSoftBounces: 2 }), aDelivery(),
        { status: 'bounced', consecutiveSoftBounces: 0, lastBounceAt: before, statusChangedAt: before }],
      ['an ignored report leaves the state as it was', seen({}), aComplaint({ feedbackType: 'not-spam' }), seen({})],
    ])('%s', (_behaviour, state, event, expected) => {
      expect(stateAfter(state, bounceHandlingPolicy(state, event, fresh, rules), AT)).toEqual(expected);
    });
  });

  it('records every bounce and complaint decision, and neither deliveries nor not-spam reports', () => {
    expect(isRecorded(bounceHandlingPolicy(active(), aSoftBounce(), counted, rules))).toBe(true);
    expect(isRecorded(bounceHandlingPolicy(bounced, aHardBounce(), fresh, rules))).toBe(true);
    expect(isRecorded(bounceHandlingPolicy(active(2), aDelivery(), fresh, rules))).toBe(false);
    expect(isRecorded(bounceHandlingPolicy(active(), aComplaint({ feedbackType: 'not-spam' }), fresh, rules))).toBe(false);
  });
});
