import { Subscriber } from '../../subscribers/domain/subscriber';
import { aComplaint, aDelivery, aHardBounce, aSoftBounce } from '../../testing/delivery-event.mother';
import type { AddressState } from './address-state';
import { NEW_ADDRESS_STATE } from './address-state';
import {
  bounceHandlingPolicy,
  type BounceDecision,
  type BouncePolicyRules,
  DEFAULT_BOUNCE_POLICY_RULES,
  isRecorded,
  stateAfter,
} from './bounce-handling.policy';
import type { DeliveryEvent } from './delivery-event';

const active = (consecutiveSoftBounces = 0): AddressState => ({ status: 'active', consecutiveSoftBounces });
const bounced: AddressState = { status: 'bounced', consecutiveSoftBounces: 0 };
const unsubscribed: AddressState = { status: 'unsubscribed', consecutiveSoftBounces: 0 };
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
    return { status: 'bounced', consecutiveSoftBounces };
  }

  /** Folds events through the policy as the use case does, one after another. */
  function replay(start: AddressState, events: DeliveryEvent[], policyRules = rules): AddressState {
    return events.reduce((state, event) => stateAfter(state, bounceHandlingPolicy(state, event, fresh, policyRules)), start);
  }

  it('suppresses after three soft bounces in a row', () => {
    expect(replay(active(), [aSoftBounce(), aSoftBounce(), aSoftBounce()])).toEqual({ status: 'bounced', consecutiveSoftBounces: 3 });
  });

  it('does not suppress three soft bounces with a delivery between them', () => {
    expect(replay(active(), [aSoftBounce(), aSoftBounce(), aDelivery(), aSoftBounce()])).toEqual(active(1));
  });

  it('counts again from zero after an operator re-activates the subscriber', () => {
    const suppressed = new Subscriber(1, 'a@example.com', null, 'bounced', 3, null, null, new Date());
    const reactivated = suppressed.reactivate(new Date());
    const state = replay({ status: reactivated.status, consecutiveSoftBounces: reactivated.consecutiveSoftBounces }, [aSoftBounce(), aSoftBounce()]);
    expect(state).toEqual(active(2));
  });

  it('records every bounce and complaint decision, and neither deliveries nor not-spam reports', () => {
    expect(isRecorded(bounceHandlingPolicy(active(), aSoftBounce(), counted, rules))).toBe(true);
    expect(isRecorded(bounceHandlingPolicy(bounced, aHardBounce(), fresh, rules))).toBe(true);
    expect(isRecorded(bounceHandlingPolicy(active(2), aDelivery(), fresh, rules))).toBe(false);
    expect(isRecorded(bounceHandlingPolicy(active(), aComplaint({ feedbackType: 'not-spam' }), fresh, rules))).toBe(false);
  });
});
