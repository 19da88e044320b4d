import { type AddressState, type LockedAddress, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { EmailAddress } from '../../shared/domain/email-address';
import { aComplaint, aDelivery, aHardBounce, aSenderBlock, aSoftBounce } from '../../testing/delivery-event.mother';
import { type BouncePolicyRules, DEFAULT_BOUNCE_POLICY_RULES } from './bounce-handling.policy';
import type { DeliveryEvent } from './delivery-event';
import { foldDeliveryEvents, type KnownReports, reportKey, softMessageKey } from './delivery-events.fold';

const ALICE = EmailAddress.parse('alice@example.com');
const BOB = EmailAddress.parse('bob@example.com');
const ACTIVE: AddressState = NEW_ADDRESS_STATE;
/** When the events are folded. */
const AT = new Date('2026-01-10T12:00:00Z');
const RULES: BouncePolicyRules = { ...DEFAULT_BOUNCE_POLICY_RULES, softBounceThreshold: 3 };
const NOTHING_KNOWN: KnownReports = { reports: new Set(), softMessages: new Set() };

const soft = (email: EmailAddress, overrides: Partial<Parameters<typeof aSoftBounce>[0]> = {}) => aSoftBounce({ email, source: 'sendgrid', ...overrides });

/** Both addresses locked as given (Alice a subscriber, Bob an address alone), the events folded. */
function fold(
  events: readonly DeliveryEvent[],
  states: { alice?: AddressState; bob?: AddressState } = {},
  known: KnownReports = NOTHING_KNOWN,
  rules = RULES,
  allowListed: ReadonlySet<string> = new Set(),
) {
  const addresses = new Map<string, LockedAddress>([
    [ALICE.value, { email: ALICE.value, subscriberId: 7, state: states.alice ?? ACTIVE }],
    [BOB.value, { email: BOB.value, subscriberId: null, state: states.bob ?? ACTIVE }],
  ]);
  const result = foldDeliveryEvents(events, addresses, known, rules, AT, allowListed);
  return {
    ...result,
    /** Each address named, as it ends: `status/count`, and whether a bounce was recorded for it (its last bounce is then). */
    ends: Object.fromEntries(
      result.addresses.map(({ address, state }) => [
        address.email,
        `${state.status}/${state.consecutiveSoftBounces}${state.lastBounceAt?.getTime() === AT.getTime() ? ' bounced' : ''}`,
      ]),
    ),
    results: result.outcomes.map((outcome) => (outcome.result === 'duplicate' ? 'duplicate' : `${outcome.result}:${outcome.decision}`)),
  };
}

describe('foldDeliveryEvents', () => {
  it.each<[string, () => DeliveryEvent[], string[], Record<string, string>]>([
    ['a hard bounce suppresses its address at once', () => [aHardBounce({ email: ALICE })], ['recorded:suppress'], { [ALICE.value]: 'bounced/0 bounced' }],
    [
      'the third consecutive soft bounce of one batch crosses the threshold',
      () => [soft(ALICE, { providerMessageId: 'm1' }), soft(ALICE, { providerMessageId: 'm2' }), soft(ALICE, { providerMessageId: 'm3' })],
      ['recorded:count-soft', 'recorded:count-soft', 'recorded:suppress'],
      { [ALICE.value]: 'bounced/3 bounced' },
    ],
    [
      'a delivery between soft bounces starts the run again',
      () => [soft(ALICE, { providerMessageId: 'm1' }), aDelivery({ email: ALICE }), soft(ALICE, { providerMessageId: 'm2' })],
      ['recorded:count-soft', 'applied:reset', 'recorded:count-soft'],
      { [ALICE.value]: 'active/1 bounced' },
    ],
    [
      'two soft bounces of one provider message in one batch count once',
      () => [soft(ALICE, { providerMessageId: 'm1', providerEventId: 'e1' }), soft(ALICE, { providerMessageId: 'm1', providerEventId: 'e2' })],
      ['recorded:count-soft', 'recorded:record-only'],
      { [ALICE.value]: 'active/1 bounced' },
    ],
    [
      'a report named twice in one batch is recorded once',
      () => [aHardBounce({ email: BOB, source: 'ses', providerEventId: 'r1' }), aHardBounce({ email: BOB, source: 'ses', providerEventId: 'r1' })],
      ['recorded:suppress', 'duplicate'],
      { [BOB.value]: 'bounced/0 bounced' },
    ],
    [
      'a complaint after a hard bounce moves bounced to unsubscribed',
      () => [aHardBounce({ email: ALICE }), aComplaint({ email: ALICE })],
      ['recorded:suppress', 'recorded:suppress'],
      { [ALICE.value]: 'unsubscribed/0 bounced' },
    ],
    [
      'a not-spam feedback and a delivery with nothing to reset are neither recorded nor applied',
      () => [aComplaint({ email: BOB, feedbackType: 'not-spam' }), aDelivery({ email: BOB })],
      ['ignored:ignore', 'ignored:ignore'],
      { [BOB.value]: 'active/0' },
    ],
    [
      'each address keeps its own run, in the order its events come',
      () => [soft(ALICE, { providerMessageId: 'm1' }), aHardBounce({ email: BOB }), soft(ALICE, { providerMessageId: 'm2' })],
      ['recorded:count-soft', 'recorded:suppress', 'recorded:count-soft'],
      { [ALICE.value]: 'active/2 bounced', [BOB.value]: 'bounced/0 bounced' },
    ],
    [
      'a refusal of the sender is recorded and neither counts nor ends a run, whatever the provider called it',
      () => [
        soft(ALICE, { providerMessageId: 'm1' }),
        aSenderBlock({ email: ALICE, providerMessageId: 'm2', bounceType: 'hard' }),
        soft(ALICE, { providerMessageId: 'm3' }),
      ],
      ['recorded:count-soft', 'recorded:record-only', 'recorded:count-soft'],
      { [ALICE.value]: 'active/2 bounced' },
    ],
  ])('%s', (_rule, events, results, ends) => {
    const folded = fold(events());
    expect(folded.results).toEqual(results);
    expect(folded.ends).toEqual(ends);
  });

  it('records nothing of a report the database already has, and counts no soft bounce of a message it already counted', () => {
    const known: KnownReports = { reports: new Set([reportKey('ses', 'r1')]), softMessages: new Set([softMessageKey(ALICE.value, 'm1')]) };
    const folded = fold(
      [aHardBounce({ email: BOB, source: 'ses', providerEventId: 'r1' }), soft(ALICE, { providerMessageId: 'm1', providerEventId: 'e9' })],
      {},
      known,
    );

    expect(folded.results).toEqual(['duplicate', 'recorded:record-only']);
    expect(folded.ends).toEqual({ [ALICE.value]: 'active/0 bounced' });
    expect(folded.recorded.map(({ event }) => event.providerEventId)).toEqual(['e9']);
  });

  it('lists what to store with its subscriber, and each status change with the bounce that caused it', () => {
    const folded = fold([soft(ALICE, { providerMessageId: 'm1' }), aHardBounce({ email: BOB }), aComplaint({ email: ALICE })]);

    expect(folded.recorded.map(({ event, subscriberId }) => [event.email.value, event.kind, subscriberId])).toEqual([
      [ALICE.value, 'bounce', 7],
      [BOB.value, 'bounce', null],
      [ALICE.value, 'complaint', 7],
    ]);
    expect(folded.outcomes).toEqual([
      { result: 'recorded', decision: 'count-soft', recorded: 0 },
      { result: 'recorded', decision: 'suppress', recorded: 1 },
      { result: 'recorded', decision: 'suppress', recorded: 2 },
    ]);
    expect(folded.statusChanges).toEqual([
      { change: { email: BOB.value, subscriberId: null, previousStatus: 'active', status: 'bounced', reason: 'hard-bounce', occurredAt: AT }, recorded: 1 },
      { change: { email: ALICE.value, subscriberId: 7, previousStatus: 'active', status: 'unsubscribed', reason: 'complaint', occurredAt: AT }, recorded: 2 },
    ]);
  });

  it('keeps an address already suppressed as it is, recording its bounce and changing no status', () => {
    const folded = fold([aHardBounce({ email: ALICE })], { alice: { ...ACTIVE, status: 'unsubscribed' } });
    expect(folded.results).toEqual(['recorded:record-only']);
    expect(folded.statusChanges).toEqual([]);
    expect(folded.addresses.map(({ state }) => state.statusChangedAt)).toEqual([null]);
  });

  it('records every report of an allow-listed address and changes nothing of it, while the others of the batch apply (rule 14)', () => {
    const folded = fold(
      [
        soft(ALICE, { providerMessageId: 'm1' }),
        soft(ALICE, { providerMessageId: 'm2' }),
        soft(ALICE, { providerMessageId: 'm3' }),
        aHardBounce({ email: ALICE }),
        aComplaint({ email: ALICE }),
        aHardBounce({ email: BOB }),
      ],
      {},
      NOTHING_KNOWN,
      RULES,
      new Set([ALICE.value]),
    );

    expect(folded.results).toEqual([
      'recorded:record-only',
      'recorded:record-only',
      'recorded:record-only',
      'recorded:record-only',
      'recorded:record-only',
      'recorded:suppress',
    ]);
    expect(folded.recorded).toHaveLength(6);
    expect(folded.ends).toEqual({ [ALICE.value]: 'active/0 bounced', [BOB.value]: 'bounced/0 bounced' });
    expect(folded.statusChanges.map(({ change }) => change.email)).toEqual([BOB.value]);
  });

  it('counts a refusal of the sender as soft with SENDER_BLOCKS_SUPPRESS, once per message, and never as hard', () => {
    const strict = { ...RULES, senderBlocksSuppress: true };
    const block = (providerEventId: string, providerMessageId: string) =>
      aSenderBlock({ email: ALICE, bounceType: 'hard', providerEventId, providerMessageId });
    const folded = fold(
      [block('e1', 'm1'), block('e2', 'm1'), soft(ALICE, { providerEventId: 'e3', providerMessageId: 'm1' }), block('e4', 'm2')],
      {},
      NOTHING_KNOWN,
      strict,
    );

    expect(folded.results).toEqual(['recorded:count-soft', 'recorded:record-only', 'recorded:record-only', 'recorded:count-soft']);
    expect(folded.ends).toEqual({ [ALICE.value]: 'active/2 bounced' });
  });

  it('counts toward the threshold only the soft bounces of the last N days with a window', () => {
    const tenDaysAgo = new Date(AT.getTime() - 10 * 24 * 3600_000);
    const run: AddressState = { ...ACTIVE, consecutiveSoftBounces: 2, softBounceTimes: [tenDaysAgo, tenDaysAgo], lastBounceAt: tenDaysAgo };
    const events = () => [soft(ALICE, { providerMessageId: 'm1' }), soft(ALICE, { providerMessageId: 'm2' })];

    expect(fold(events(), { alice: run }).ends).toEqual({ [ALICE.value]: 'bounced/3 bounced' });
    const windowed = fold(events(), { alice: run }, NOTHING_KNOWN, { ...RULES, softBounceWindowDays: 7 });
    expect(windowed.results).toEqual(['recorded:count-soft', 'recorded:count-soft']);
    expect(windowed.addresses.map(({ state }) => state)).toEqual([{ ...run, consecutiveSoftBounces: 2, softBounceTimes: [AT, AT], lastBounceAt: AT }]);
  });

  describe('a suppression by the soft threshold that has lapsed (docs/policy.md, rule 13)', () => {
    const daysBeforeAt = (days: number) => new Date(AT.getTime() - days * 24 * 3600_000);
    const suppressedDaysAgo = (days: number): AddressState => ({
      status: 'bounced',
      suppressedBy: 'soft-bounce-threshold',
      consecutiveSoftBounces: 3,
      softBounceTimes: [daysBeforeAt(days + 2), daysBeforeAt(days + 1), daysBeforeAt(days)],
      lastBounceAt: daysBeforeAt(days),
      statusChangedAt: daysBeforeAt(days),
    });
    const expiring = { ...RULES, softSuppressionExpiryDays: 7 };
    const lapse = {
      email: ALICE.value,
      subscriberId: 7,
      previousStatus: 'bounced',
      status: 'active',
      reason: 'soft-suppression-expired',
      occurredAt: daysBeforeAt(3),
    };

    it('is recorded as a change to active at the moment it lapsed, and the event applies to the address as active, with a new run', () => {
      const folded = fold([soft(ALICE, { providerMessageId: 'm1' })], { alice: suppressedDaysAgo(10) }, NOTHING_KNOWN, expiring);
      expect(folded.results).toEqual(['recorded:count-soft']);
      expect(folded.ends).toEqual({ [ALICE.value]: 'active/1 bounced' });
      expect(folded.addresses[0].state).toMatchObject({ suppressedBy: null, softBounceTimes: [AT], statusChangedAt: daysBeforeAt(3) });
      expect(folded.statusChanges).toEqual([{ change: lapse, recorded: -1 }]);
    });

    it('is followed by the change a hard bounce makes', () => {
      const folded = fold([aHardBounce({ email: ALICE })], { alice: suppressedDaysAgo(10) }, NOTHING_KNOWN, expiring);
      expect(folded.results).toEqual(['recorded:suppress']);
      expect(folded.statusChanges).toEqual([
        { change: lapse, recorded: -1 },
        { change: { ...lapse, previousStatus: 'active', status: 'bounced', reason: 'hard-bounce', occurredAt: AT }, recorded: 0 },
      ]);
      expect(folded.addresses[0].state).toMatchObject({ status: 'bounced', suppressedBy: 'hard-bounce', statusChangedAt: AT });
    });

    it('is recorded even for an event that is neither recorded nor applied', () => {
      const folded = fold([aDelivery({ email: ALICE })], { alice: suppressedDaysAgo(10) }, NOTHING_KNOWN, expiring);
      expect(folded.results).toEqual(['ignored:ignore']);
      expect(folded.statusChanges).toEqual([{ change: lapse, recorded: -1 }]);
      expect(folded.ends).toEqual({ [ALICE.value]: 'active/0' });
    });

    it('is not, before N days, nor when suppressions do not expire: the event is then recorded only', () => {
      for (const [state, rules] of [
        [suppressedDaysAgo(6), expiring],
        [suppressedDaysAgo(400), RULES],
      ] as const) {
        const folded = fold([soft(ALICE, { providerMessageId: 'm1' })], { alice: state }, NOTHING_KNOWN, rules);
        expect(folded.results).toEqual(['recorded:record-only']);
        expect(folded.statusChanges).toEqual([]);
        expect(folded.ends).toEqual({ [ALICE.value]: 'bounced/3 bounced' });
      }
    });

    it('is not applied for a report already recorded', () => {
      const known: KnownReports = { reports: new Set([reportKey('ses', 'r1')]), softMessages: new Set() };
      const folded = fold([aHardBounce({ email: ALICE, source: 'ses', providerEventId: 'r1' })], { alice: suppressedDaysAgo(10) }, known, expiring);
      expect(folded.results).toEqual(['duplicate']);
      expect(folded.statusChanges).toEqual([]);
    });
  });

  it('does not change the sets it is given', () => {
    const known: KnownReports = { reports: new Set(), softMessages: new Set() };
    fold([aHardBounce({ email: BOB, source: 'ses', providerEventId: 'r2' }), soft(ALICE, { providerMessageId: 'm5' })], {}, known);
    expect([known.reports.size, known.softMessages.size]).toEqual([0, 0]);
  });
});
