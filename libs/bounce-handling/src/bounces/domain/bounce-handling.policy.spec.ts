import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { Subscriber } from '../../subscribers/domain/subscriber';
import { aComplaint, aDelivery, aHardBounce, aSenderBlock, aSoftBounce } from '../../testing/delivery-event.mother';
import {
  bounceHandlingPolicy,
  type BounceDecision,
  countsOncePerMessage,
  type BouncePolicyRules,
  DEFAULT_BOUNCE_POLICY_RULES,
  isRecorded,
  stateAfter,
} from './bounce-handling.policy';
import type { DeliveryEvent } from './delivery-event';

/** When the events of a replay are applied. */
const AT = new Date('2026-01-10T12:00:00Z');
const DAY = 24 * 3600_000;
const daysBefore = (days: number): Date => new Date(AT.getTime() - days * DAY);
/** The times of a run of `n` counted soft bounces, one a day, the last a day before `AT`. */
const run = (n: number): Date[] => Array.from({ length: n }, (_, i) => daysBefore(n - i));
/** An active address in a run of `n` soft bounces (`run(n)`). */
const active = (n = 0): AddressState => ({ ...NEW_ADDRESS_STATE, consecutiveSoftBounces: n, softBounceTimes: run(n) });
const bounced: AddressState = { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce' };
const unsubscribed: AddressState = { ...NEW_ADDRESS_STATE, status: 'unsubscribed', suppressedBy: 'complaint' };
const fresh = { messageAlreadyCounted: false, at: AT, allowListed: false };
const counted = { messageAlreadyCounted: true, at: AT, allowListed: false };
/** The address is on the allow-list (rule 14). */
const allowListed = { ...fresh, allowListed: true };
const threshold = (softBounceThreshold: number): BouncePolicyRules => ({ ...DEFAULT_BOUNCE_POLICY_RULES, softBounceThreshold });
const rules = DEFAULT_BOUNCE_POLICY_RULES;
/** SENDER_BLOCKS_SUPPRESS=true: a refusal of the sender counts as a soft bounce. */
const strict: BouncePolicyRules = { ...DEFAULT_BOUNCE_POLICY_RULES, senderBlocksSuppress: true };
const undetermined = { reason: 'undetermined', category: 'undetermined', status: null, remoteMta: null } as const;
const mailboxFull = { reason: 'mailbox_full', category: 'mailbox', status: '4.2.2', remoteMta: null } as const;
/** SOFT_BOUNCE_WINDOW_DAYS=7: a soft bounce older than 7 days no longer counts toward the threshold. */
const week: BouncePolicyRules = { ...DEFAULT_BOUNCE_POLICY_RULES, softBounceWindowDays: 7 };
/** An address suppressed by the soft threshold a day before `AT`, its run as it reached the threshold. */
const softSuppressed: AddressState = {
  ...active(3),
  status: 'bounced',
  suppressedBy: 'soft-bounce-threshold',
  lastBounceAt: daysBefore(1),
  statusChangedAt: daysBefore(1),
};
/** An active address whose run counted soft bounces at these times. */
const counting = (...softBounceTimes: Date[]): AddressState => ({ ...NEW_ADDRESS_STATE, consecutiveSoftBounces: softBounceTimes.length, softBounceTimes });

describe('bounceHandlingPolicy', () => {
  // Every rule of docs/policy.md is a row: [behaviour, state, event, context, rules, decision].
  it.each<[string, AddressState, DeliveryEvent, typeof fresh, BouncePolicyRules, BounceDecision]>([
    // 1. hard → bounced at once
    [
      'suppresses an active address as bounced on a hard bounce',
      active(),
      aHardBounce(),
      fresh,
      rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 0, softBounceTimes: [] },
    ],
    [
      'suppresses on a hard bounce even in the middle of a run of soft bounces, keeping the run',
      active(2),
      aHardBounce(),
      fresh,
      rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 2, softBounceTimes: run(2) },
    ],
    // 2. complaint → unsubscribed at once; not-spam is not a complaint
    [
      'unsubscribes an active address on a complaint',
      active(),
      aComplaint(),
      fresh,
      rules,
      { kind: 'suppress', status: 'unsubscribed', reason: 'complaint', consecutiveSoftBounces: 0, softBounceTimes: [] },
    ],
    ['ignores a not-spam feedback report', active(), aComplaint({ feedbackType: 'not-spam' }), fresh, rules, { kind: 'ignore', why: 'not-spam-feedback' }],
    [
      'ignores a not-spam feedback report whatever its case',
      active(),
      aComplaint({ feedbackType: 'Not-Spam' }),
      fresh,
      rules,
      { kind: 'ignore', why: 'not-spam-feedback' },
    ],
    [
      'treats a complaint without a feedback type as a complaint',
      active(),
      aComplaint({ feedbackType: null }),
      fresh,
      rules,
      { kind: 'suppress', status: 'unsubscribed', reason: 'complaint', consecutiveSoftBounces: 0, softBounceTimes: [] },
    ],
    // 3. soft → counted up to the threshold, then hard; each counted soft bounce keeps its time
    [
      'counts the first soft bounce, at the time it is applied',
      active(),
      aSoftBounce(),
      fresh,
      rules,
      { kind: 'count-soft', consecutiveSoftBounces: 1, softBounceTimes: [AT] },
    ],
    [
      'counts the second soft bounce without suppressing',
      active(1),
      aSoftBounce(),
      fresh,
      rules,
      { kind: 'count-soft', consecutiveSoftBounces: 2, softBounceTimes: [...run(1), AT] },
    ],
    [
      'marks the address bounced on the third consecutive soft bounce',
      active(2),
      aSoftBounce(),
      fresh,
      rules,
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 3, softBounceTimes: [...run(2), AT] },
    ],
    [
      'honours a configured threshold of 5',
      active(3),
      aSoftBounce(),
      fresh,
      threshold(5),
      { kind: 'count-soft', consecutiveSoftBounces: 4, softBounceTimes: [...run(3), AT] },
    ],
    [
      'suppresses at a configured threshold of 5',
      active(4),
      aSoftBounce(),
      fresh,
      threshold(5),
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 5, softBounceTimes: [...run(4), AT] },
    ],
    [
      'suppresses on the first soft bounce with a threshold of 1',
      active(),
      aSoftBounce(),
      fresh,
      threshold(1),
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 1, softBounceTimes: [AT] },
    ],
    [
      'counts a run begun before times were kept by its count, adding the new time',
      { ...active(), consecutiveSoftBounces: 1 },
      aSoftBounce(),
      fresh,
      rules,
      { kind: 'count-soft', consecutiveSoftBounces: 2, softBounceTimes: [AT] },
    ],
    // 4. consecutive: a delivery resets the run
    ['resets the run of soft bounces on a delivery', active(2), aDelivery(), fresh, rules, { kind: 'reset' }],
    ['resets the run of a suppressed address on a delivery without re-activating it', bounced_with(2), aDelivery(), fresh, rules, { kind: 'reset' }],
    ['ignores a delivery when there is no run to reset', active(0), aDelivery(), fresh, rules, { kind: 'ignore', why: 'nothing-to-reset' }],
    // 5. one message counts once
    [
      'records but does not count a soft bounce of a message already counted',
      active(1),
      aSoftBounce(),
      counted,
      rules,
      { kind: 'record-only', why: 'message-already-counted' },
    ],
    [
      'does not let a re-reported message reach the threshold',
      active(2),
      aSoftBounce(),
      counted,
      rules,
      { kind: 'record-only', why: 'message-already-counted' },
    ],
    [
      'suppresses on a hard bounce of a message whose soft bounce was counted',
      active(1),
      aHardBounce(),
      counted,
      rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 1, softBounceTimes: run(1) },
    ],
    // 6. an address with no subscriber is handled like any other (its state starts new)
    [
      'suppresses an address never seen before on a hard bounce',
      NEW_ADDRESS_STATE,
      aHardBounce(),
      fresh,
      rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 0, softBounceTimes: [] },
    ],
    // 7. a suppressed address keeps its status; precedence of unsubscribed over bounced
    ['records a hard bounce of a bounced address without change', bounced, aHardBounce(), fresh, rules, { kind: 'record-only', why: 'already-suppressed' }],
    [
      'records a soft bounce of a bounced address without counting it',
      bounced,
      aSoftBounce(),
      fresh,
      rules,
      { kind: 'record-only', why: 'already-suppressed' },
    ],
    ['never lets a hard bounce overwrite unsubscribed', unsubscribed, aHardBounce(), fresh, rules, { kind: 'record-only', why: 'already-suppressed' }],
    ['never lets a soft bounce overwrite unsubscribed', unsubscribed, aSoftBounce(), fresh, rules, { kind: 'record-only', why: 'already-suppressed' }],
    [
      'moves a bounced address to unsubscribed on a complaint',
      bounced,
      aComplaint(),
      fresh,
      rules,
      { kind: 'suppress', status: 'unsubscribed', reason: 'complaint', consecutiveSoftBounces: 0, softBounceTimes: [] },
    ],
    [
      'records a hard bounce of an address bounced for a reason not known without change',
      { ...bounced, suppressedBy: null },
      aHardBounce(),
      fresh,
      rules,
      { kind: 'record-only', why: 'already-suppressed' },
    ],
    [
      'records a complaint of an unsubscribed address without change',
      unsubscribed,
      aComplaint(),
      fresh,
      rules,
      { kind: 'record-only', why: 'already-suppressed' },
    ],
    // 10. a bounce without its cause, or with no decisive one, is handled by the type its source gave
    [
      'suppresses on a hard bounce whose cause is undetermined',
      active(1),
      aHardBounce({ classification: undetermined }),
      fresh,
      rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 1, softBounceTimes: run(1) },
    ],
    [
      'counts a soft bounce whose cause is undetermined',
      active(1),
      aSoftBounce({ classification: undetermined }),
      fresh,
      rules,
      { kind: 'count-soft', consecutiveSoftBounces: 2, softBounceTimes: [...run(1), AT] },
    ],
    [
      'counts a soft bounce of a full mailbox',
      active(),
      aSoftBounce({ classification: mailboxFull }),
      fresh,
      rules,
      { kind: 'count-soft', consecutiveSoftBounces: 1, softBounceTimes: [AT] },
    ],
    // 11. a refusal of the sender never changes the address ...
    ['records a refusal of the sender without counting it', active(1), aSenderBlock(), fresh, rules, { kind: 'record-only', why: 'sender-block' }],
    ['does not let a refusal of the sender reach the threshold', active(2), aSenderBlock(), fresh, rules, { kind: 'record-only', why: 'sender-block' }],
    [
      'does not suppress on a refusal of the sender that the provider called hard',
      active(),
      aSenderBlock({ bounceType: 'hard' }),
      fresh,
      rules,
      { kind: 'record-only', why: 'sender-block' },
    ],
    [
      'records a refusal of the sender of a suppressed address as for any suppressed address',
      bounced,
      aSenderBlock(),
      fresh,
      rules,
      { kind: 'record-only', why: 'already-suppressed' },
    ],
    // ... unless SENDER_BLOCKS_SUPPRESS=true: then it counts as soft, never as hard
    [
      'counts a refusal of the sender as soft with SENDER_BLOCKS_SUPPRESS',
      active(1),
      aSenderBlock(),
      fresh,
      strict,
      { kind: 'count-soft', consecutiveSoftBounces: 2, softBounceTimes: [...run(1), AT] },
    ],
    [
      'counts a refusal of the sender that the provider called hard as soft, never hard, with SENDER_BLOCKS_SUPPRESS',
      active(),
      aSenderBlock({ bounceType: 'hard' }),
      fresh,
      strict,
      { kind: 'count-soft', consecutiveSoftBounces: 1, softBounceTimes: [AT] },
    ],
    [
      'suppresses at the threshold on a refusal of the sender with SENDER_BLOCKS_SUPPRESS',
      active(2),
      aSenderBlock({ bounceType: 'hard' }),
      fresh,
      strict,
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 3, softBounceTimes: [...run(2), AT] },
    ],
    [
      'counts a refusal of the sender once per message with SENDER_BLOCKS_SUPPRESS',
      active(1),
      aSenderBlock(),
      counted,
      strict,
      { kind: 'record-only', why: 'message-already-counted' },
    ],
    [
      'still suppresses on a hard bounce of the recipient with SENDER_BLOCKS_SUPPRESS',
      active(),
      aHardBounce(),
      fresh,
      strict,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 0, softBounceTimes: [] },
    ],
    // 12. a delay notice or an auto-reply never reaches the policy: no event stands for one (test/delay-notices.e2e-spec.ts)
    // 13. with SOFT_BOUNCE_WINDOW_DAYS, only the run's soft bounces of the last N days count toward the threshold
    [
      'counts a soft bounce however old the run is without a window',
      counting(daysBefore(400), daysBefore(200)),
      aSoftBounce(),
      fresh,
      rules,
      {
        kind: 'suppress',
        status: 'bounced',
        reason: 'soft-bounce-threshold',
        consecutiveSoftBounces: 3,
        softBounceTimes: [daysBefore(400), daysBefore(200), AT],
      },
    ],
    [
      'starts the count again when every soft bounce of the run is older than the window',
      counting(daysBefore(10), daysBefore(8)),
      aSoftBounce(),
      fresh,
      week,
      { kind: 'count-soft', consecutiveSoftBounces: 1, softBounceTimes: [AT] },
    ],
    [
      'counts only the soft bounces of the run within the window, dropping the older ones',
      counting(daysBefore(10), daysBefore(3)),
      aSoftBounce(),
      fresh,
      week,
      { kind: 'count-soft', consecutiveSoftBounces: 2, softBounceTimes: [daysBefore(3), AT] },
    ],
    [
      'suppresses when the threshold is reached within the window',
      counting(daysBefore(6), daysBefore(1)),
      aSoftBounce(),
      fresh,
      week,
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 3, softBounceTimes: [daysBefore(6), daysBefore(1), AT] },
    ],
    [
      'still counts a soft bounce exactly N days old',
      counting(daysBefore(7), daysBefore(7)),
      aSoftBounce(),
      fresh,
      week,
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 3, softBounceTimes: [daysBefore(7), daysBefore(7), AT] },
    ],
    [
      'no longer counts a soft bounce a moment older than N days',
      counting(new Date(daysBefore(7).getTime() - 1), daysBefore(1)),
      aSoftBounce(),
      fresh,
      week,
      { kind: 'count-soft', consecutiveSoftBounces: 2, softBounceTimes: [daysBefore(1), AT] },
    ],
    [
      'counts the soft bounces of a run begun before times were kept for as long as the run lasts',
      { ...counting(), consecutiveSoftBounces: 2 },
      aSoftBounce(),
      fresh,
      week,
      { kind: 'suppress', status: 'bounced', reason: 'soft-bounce-threshold', consecutiveSoftBounces: 3, softBounceTimes: [AT] },
    ],
    [
      'keeps a run as it is on a hard bounce, old soft bounces included, with a window',
      counting(daysBefore(10)),
      aHardBounce(),
      fresh,
      week,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 1, softBounceTimes: [daysBefore(10)] },
    ],
    [
      'does not count a re-reported message, however old the run, with a window',
      counting(daysBefore(10)),
      aSoftBounce(),
      counted,
      week,
      { kind: 'record-only', why: 'message-already-counted' },
    ],
    [
      'counts a refusal of the sender within the window with SENDER_BLOCKS_SUPPRESS',
      counting(daysBefore(30), daysBefore(2)),
      aSenderBlock(),
      fresh,
      { ...week, senderBlocksSuppress: true },
      { kind: 'count-soft', consecutiveSoftBounces: 2, softBounceTimes: [daysBefore(2), AT] },
    ],
    // 13. a suppression by the soft threshold may lapse; a hard bounce makes it a hard bounce's, which never does
    [
      "makes a suppression by the soft threshold a hard bounce's on a hard bounce, keeping the run",
      softSuppressed,
      aHardBounce(),
      fresh,
      rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 3, softBounceTimes: run(3) },
    ],
    [
      'records a soft bounce of an address suppressed by the soft threshold without counting it',
      softSuppressed,
      aSoftBounce(),
      fresh,
      rules,
      { kind: 'record-only', why: 'already-suppressed' },
    ],
    [
      'records a refusal of the sender of an address suppressed by the soft threshold, even called hard',
      softSuppressed,
      aSenderBlock({ bounceType: 'hard' }),
      fresh,
      rules,
      { kind: 'record-only', why: 'already-suppressed' },
    ],
    [
      'moves an address suppressed by the soft threshold to unsubscribed on a complaint',
      softSuppressed,
      aComplaint(),
      fresh,
      rules,
      { kind: 'suppress', status: 'unsubscribed', reason: 'complaint', consecutiveSoftBounces: 3, softBounceTimes: run(3) },
    ],
    // 13. a bounce recorded through the API keeps the type its caller gave: its cause is for reporting only
    [
      'suppresses on a hard bounce recorded through the API whose diagnostic blames the sender',
      active(),
      aSenderBlock({ source: 'api', bounceType: 'hard' }),
      fresh,
      rules,
      { kind: 'suppress', status: 'bounced', reason: 'hard-bounce', consecutiveSoftBounces: 0, softBounceTimes: [] },
    ],
    [
      'counts a soft bounce recorded through the API whose diagnostic blames the sender',
      active(1),
      aSenderBlock({ source: 'api' }),
      fresh,
      rules,
      { kind: 'count-soft', consecutiveSoftBounces: 2, softBounceTimes: [...run(1), AT] },
    ],
    // 14. an allow-listed address (a seed inbox, a test domain): its reports are recorded and change nothing of it
    [
      'records a provider’s hard bounce of an allow-listed address without suppressing it',
      active(),
      aHardBounce({ source: 'ses' }),
      allowListed,
      rules,
      { kind: 'record-only', why: 'allow-listed' },
    ],
    [
      'records a hard bounce of an allow-listed address recorded through the API without suppressing it',
      active(),
      aHardBounce({ source: 'api' }),
      allowListed,
      rules,
      { kind: 'record-only', why: 'allow-listed' },
    ],
    [
      'records a soft bounce of an allow-listed address without counting it, even one short of the threshold',
      active(2),
      aSoftBounce(),
      allowListed,
      rules,
      { kind: 'record-only', why: 'allow-listed' },
    ],
    [
      'records a soft bounce of an allow-listed address without suppressing it at a threshold of 1',
      active(),
      aSoftBounce(),
      allowListed,
      threshold(1),
      { kind: 'record-only', why: 'allow-listed' },
    ],
    [
      'records a complaint of an allow-listed address without unsubscribing it',
      active(),
      aComplaint(),
      allowListed,
      rules,
      { kind: 'record-only', why: 'allow-listed' },
    ],
    [
      'records a refusal of the sender of an allow-listed address without counting it, with SENDER_BLOCKS_SUPPRESS',
      active(2),
      aSenderBlock({ bounceType: 'hard' }),
      allowListed,
      strict,
      { kind: 'record-only', why: 'allow-listed' },
    ],
    [
      'leaves a bounced allow-listed address bounced on a complaint: the list lifts no suppression and makes none',
      bounced,
      aComplaint(),
      allowListed,
      rules,
      { kind: 'record-only', why: 'allow-listed' },
    ],
    [
      'leaves the suppression by the soft threshold of an allow-listed address as it is on a hard bounce',
      softSuppressed,
      aHardBounce(),
      allowListed,
      rules,
      { kind: 'record-only', why: 'allow-listed' },
    ],
    [
      'still ignores a not-spam report of an allow-listed address',
      active(),
      aComplaint({ feedbackType: 'not-spam' }),
      allowListed,
      rules,
      { kind: 'ignore', why: 'not-spam-feedback' },
    ],
    ['still resets the run of an allow-listed address on a delivery', active(2), aDelivery(), allowListed, rules, { kind: 'reset' }],
  ])('%s', (_behaviour, state, event, context, policyRules, expected) => {
    expect(bounceHandlingPolicy(state, event, context, policyRules)).toEqual(expected);
  });

  function bounced_with(consecutiveSoftBounces: number): AddressState {
    return { ...active(consecutiveSoftBounces), status: 'bounced', suppressedBy: 'soft-bounce-threshold' };
  }

  /** Folds events through the policy as the use case does, one after another, all at `AT`. */
  function replay(start: AddressState, events: DeliveryEvent[], policyRules = rules): AddressState {
    return events.reduce((state, event) => stateAfter(state, bounceHandlingPolicy(state, event, fresh, policyRules), AT), start);
  }

  it('suppresses after three soft bounces in a row', () => {
    expect(replay(active(), [aSoftBounce(), aSoftBounce(), aSoftBounce()])).toEqual({
      status: 'bounced',
      consecutiveSoftBounces: 3,
      softBounceTimes: [AT, AT, AT],
      suppressedBy: 'soft-bounce-threshold',
      lastBounceAt: AT,
      statusChangedAt: AT,
    });
  });

  it('does not suppress three soft bounces with a delivery between them', () => {
    expect(replay(active(), [aSoftBounce(), aSoftBounce(), aDelivery(), aSoftBounce()])).toEqual({
      ...active(),
      consecutiveSoftBounces: 1,
      softBounceTimes: [AT],
      lastBounceAt: AT,
    });
  });

  it('counts again from zero after an operator re-activates the subscriber', () => {
    const reactivatedAt = new Date('2026-01-05T00:00:00Z');
    const suppressed = new Subscriber(1, 'a@example.com', null, { ...active(3), status: 'bounced', suppressedBy: 'soft-bounce-threshold' }, new Date());
    const reactivated = suppressed.reactivate(reactivatedAt);
    const state = replay(reactivated.state, [aSoftBounce(), aSoftBounce()]);
    expect(state).toEqual({ ...active(), consecutiveSoftBounces: 2, softBounceTimes: [AT, AT], lastBounceAt: AT, statusChangedAt: reactivatedAt });
  });

  describe('stateAfter', () => {
    const before = new Date('2026-01-01T00:00:00Z');
    const seen = (state: Partial<AddressState>): AddressState => ({ ...NEW_ADDRESS_STATE, lastBounceAt: before, statusChangedAt: before, ...state });

    it.each<[string, AddressState, DeliveryEvent, AddressState]>([
      [
        'a suppression changes the status then, says what suppressed it and is the last bounce',
        seen({}),
        aHardBounce(),
        { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce', lastBounceAt: AT, statusChangedAt: AT },
      ],
      [
        'a complaint says the address is suppressed by a complaint',
        seen({ status: 'bounced', suppressedBy: 'hard-bounce' }),
        aComplaint(),
        { ...NEW_ADDRESS_STATE, status: 'unsubscribed', suppressedBy: 'complaint', lastBounceAt: AT, statusChangedAt: AT },
      ],
      [
        'a counted soft bounce is the last bounce, adds its time to the run and keeps the time of the status change',
        seen({ consecutiveSoftBounces: 1, softBounceTimes: [before] }),
        aSoftBounce(),
        { ...NEW_ADDRESS_STATE, consecutiveSoftBounces: 2, softBounceTimes: [before, AT], lastBounceAt: AT, statusChangedAt: before },
      ],
      [
        'the soft bounce that reaches the threshold says the address is suppressed by it',
        seen({ consecutiveSoftBounces: 2, softBounceTimes: [before, before] }),
        aSoftBounce(),
        {
          ...NEW_ADDRESS_STATE,
          status: 'bounced',
          suppressedBy: 'soft-bounce-threshold',
          consecutiveSoftBounces: 3,
          softBounceTimes: [before, before, AT],
          lastBounceAt: AT,
          statusChangedAt: AT,
        },
      ],
      [
        'a hard bounce of an address suppressed by the soft threshold makes it suppressed by a hard bounce, its status and time of change kept',
        seen({ status: 'bounced', suppressedBy: 'soft-bounce-threshold' }),
        aHardBounce(),
        { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce', lastBounceAt: AT, statusChangedAt: before },
      ],
      [
        'a bounce recorded only is the last bounce and changes nothing else',
        seen({ status: 'bounced', suppressedBy: 'hard-bounce' }),
        aSoftBounce(),
        { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce', lastBounceAt: AT, statusChangedAt: before },
      ],
      [
        "a delivery's reset is no bounce and no change of status, and ends the run and its times",
        seen({ status: 'bounced', suppressedBy: 'soft-bounce-threshold', consecutiveSoftBounces: 2, softBounceTimes: [before, before] }),
        aDelivery(),
        { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'soft-bounce-threshold', lastBounceAt: before, statusChangedAt: before },
      ],
      ['an ignored report leaves the state as it was', seen({}), aComplaint({ feedbackType: 'not-spam' }), seen({})],
    ])('%s', (_behaviour, state, event, expected) => {
      expect(stateAfter(state, bounceHandlingPolicy(state, event, fresh, rules), AT)).toEqual(expected);
    });

    it('a report of an allow-listed address is its last bounce and changes nothing else: status, run and times stay', () => {
      const state = seen({ consecutiveSoftBounces: 2, softBounceTimes: [before, before] });
      for (const event of [aHardBounce(), aSoftBounce(), aComplaint()]) {
        expect(stateAfter(state, bounceHandlingPolicy(state, event, allowListed, rules), AT)).toEqual({ ...state, lastBounceAt: AT });
      }
    });
  });

  it('records every bounce and complaint decision, and neither deliveries nor not-spam reports', () => {
    expect(isRecorded(bounceHandlingPolicy(active(), aSoftBounce(), counted, rules))).toBe(true);
    expect(isRecorded(bounceHandlingPolicy(bounced, aHardBounce(), fresh, rules))).toBe(true);
    expect(isRecorded(bounceHandlingPolicy(active(2), aDelivery(), fresh, rules))).toBe(false);
    expect(isRecorded(bounceHandlingPolicy(active(), aComplaint({ feedbackType: 'not-spam' }), fresh, rules))).toBe(false);
    expect(isRecorded(bounceHandlingPolicy(active(), aSenderBlock({ bounceType: 'hard' }), fresh, rules))).toBe(true);
  });

  it.each<[string, DeliveryEvent, boolean]>([
    ['a soft bounce', aSoftBounce(), true],
    ["a provider's refusal of the sender, whatever its word", aSenderBlock({ bounceType: 'hard' }), true],
    ['a hard bounce', aHardBounce(), false],
    ['a hard bounce through the API whose diagnostic blames the sender', aSenderBlock({ source: 'api', bounceType: 'hard' }), false],
    ['a complaint', aComplaint(), false],
    ['a delivery', aDelivery(), false],
  ])('counts %s once per provider message (rule 5): %p', (_event, event, expected) => {
    expect(countsOncePerMessage(event)).toBe(expected);
  });
});
