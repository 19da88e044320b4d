import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { EmailAddress } from '../../shared/domain/email-address';
import { aComplaint, aDelivery, aHardBounce, aSenderBlock, aSoftBounce, inMemoryIngestion } from '../../testing';
import type { StatusChangeNotifier } from '../../shared/application/ports/status-change.notifier.port';
import type { BouncePolicyRules } from '../domain/bounce-handling.policy';

const ALICE = 'alice@example.com';
const alice = EmailAddress.parse(ALICE);
const bob = EmailAddress.parse('bob@example.com');
/** The fixed clock's time: when every event of these tests is applied. */
const NOW = new Date('2026-01-10T12:00:00Z');
const state = (fields: Partial<AddressState>): AddressState => ({ ...NEW_ADDRESS_STATE, ...fields });

const setUp = inMemoryIngestion;

describe('IngestDeliveryEvents', () => {
  it('records a hard bounce against the subscriber and marks them bounced', async () => {
    const { ingest, addresses, bounces } = setUp();
    addresses.withSubscriber(ALICE, 7);
    const [outcome] = await ingest.execute([aHardBounce({ email: alice, subtype: 'NoEmail', campaignId: 'c-1' })]);
    expect(outcome).toEqual({ result: 'recorded', bounceId: 1, decision: 'suppress' });
    expect(bounces.rows[0]).toMatchObject({ email: ALICE, bounceType: 'hard', bounceSubtype: 'NoEmail', subscriberId: 7, campaignId: 'c-1', source: 'api' });
    expect(addresses.stateOf(ALICE)).toEqual(state({ status: 'bounced', suppressedBy: 'hard-bounce', lastBounceAt: NOW, statusChangedAt: NOW }));
  });

  describe('stores each report with its cause', () => {
    it('keeps the cause its source read', async () => {
      const { ingest, bounces } = setUp();
      const classification = { reason: 'has_moved', category: 'recipient', status: '5.1.6', remoteMta: 'mx.example.com' } as const;
      await ingest.execute([aHardBounce({ email: alice, classification })]);
      expect(bounces.rows[0].cause).toEqual(classification);
    });

    it('reads the cause of a report that came without one from its own fields, changing nothing of what the policy is given', async () => {
      const { ingest, bounces, addresses } = setUp();
      const raw = {
        email: ALICE,
        event: 'bounce',
        type: 'bounce',
        status: '5.7.1',
        reason: '554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using bl.spamcop.net',
        bounce_classification: 'Reputation',
      };
      await ingest.execute([aHardBounce({ email: alice, source: 'sendgrid', subtype: 'Reputation', diagnosticCode: raw.reason, rawPayload: raw })]);
      expect(bounces.rows[0]).toMatchObject({ bounceType: 'hard', cause: { reason: 'blocked', category: 'sender', status: '5.7.1', remoteMta: null } });
      expect(addresses.stateOf(ALICE)).toMatchObject({ status: 'bounced', suppressedBy: 'hard-bounce' });
    });

    it('stores a complaint as a complaint', async () => {
      const { ingest, bounces } = setUp();
      await ingest.execute([aComplaint({ email: alice })]);
      expect(bounces.rows[0].cause).toEqual({ reason: 'complaint', category: 'complaint', status: null, remoteMta: null });
    });
  });

  it('suppresses an address that belongs to no subscriber and records the bounce without one', async () => {
    const { ingest, addresses, bounces } = setUp();
    await ingest.execute([aHardBounce({ email: bob })]);
    expect(bounces.rows[0].subscriberId).toBeNull();
    expect(addresses.store.addressStates.get('bob@example.com')).toEqual(
      state({ status: 'bounced', suppressedBy: 'hard-bounce', lastBounceAt: NOW, statusChangedAt: NOW }),
    );
  });

  it('logs and publishes a status change, after the transaction, with the bounce that caused it', async () => {
    const { ingest, addresses, log, transactions } = setUp();
    addresses.withSubscriber(ALICE, 7);
    const publishedWhileOpen: boolean[] = [];
    const notifier: StatusChangeNotifier = { publish: async () => void publishedWhileOpen.push(transactions.open) };
    Object.assign(ingest, { notifier });
    await ingest.execute([aComplaint({ email: alice })]);
    expect(log.entries).toEqual([
      {
        actor: null,
        change: {
          email: ALICE,
          subscriberId: 7,
          previousStatus: 'active',
          status: 'unsubscribed',
          reason: 'complaint',
          bounceId: 1,
          occurredAt: new Date('2026-01-10T12:00:00Z'),
        },
      },
    ]);
    expect(publishedWhileOpen).toEqual([false]);
  });

  it('publishes nothing when no status changes', async () => {
    const { ingest, notifier, log } = setUp();
    await ingest.execute([aSoftBounce({ email: alice })]);
    expect(notifier.published).toEqual([]);
    expect(log.entries).toEqual([]);
  });

  it('records a re-delivered provider event once and applies it once', async () => {
    const { ingest, bounces, addresses } = setUp();
    const event = aSoftBounce({ email: alice, source: 'sendgrid', providerEventId: 'evt-1', providerMessageId: 'msg-1' });
    const first = await ingest.execute([event]);
    const again = await ingest.execute([event, event]);
    expect(first[0]).toMatchObject({ result: 'recorded' });
    expect(again).toEqual([{ result: 'duplicate' }, { result: 'duplicate' }]);
    expect(bounces.rows).toHaveLength(1);
    expect(addresses.stateOf(ALICE)).toEqual(state({ consecutiveSoftBounces: 1, softBounceTimes: [NOW], lastBounceAt: NOW }));
  });

  it('counts each report by its source and what became of it, once its transaction has committed', async () => {
    const { ingest, metrics } = setUp();
    const event = aSoftBounce({ email: alice, source: 'sendgrid', providerEventId: 'evt-1' });
    await ingest.execute([event]);
    await ingest.execute([event, aDelivery({ email: alice, source: 'mailgun' }), aDelivery({ email: bob, source: 'mailgun' })]);
    expect(metrics.counted).toEqual([
      { source: 'sendgrid', result: 'recorded' },
      { source: 'sendgrid', result: 'duplicate' },
      { source: 'mailgun', result: 'applied' },
      { source: 'mailgun', result: 'ignored' },
    ]);
  });

  it('counts nothing of a batch whose transaction failed', async () => {
    const { ingest, metrics, bounces } = setUp();
    jest.spyOn(bounces, 'addAll').mockRejectedValueOnce(new Error('connection lost'));
    await expect(ingest.execute([aHardBounce({ email: alice })])).rejects.toThrow('connection lost');
    expect(metrics.counted).toEqual([]);
  });

  it('tells a lone re-sent report by its insert, without looking it up, and applies nothing of it', async () => {
    const { ingest, bounces, addresses, log } = setUp();
    addresses.withSubscriber(ALICE, 7);
    const event = aHardBounce({ email: alice, source: 'sendgrid', providerEventId: 'evt-1' });
    await ingest.execute([event]);
    const reactivated = {
      ...addresses.stateOf(ALICE)!,
      status: 'active' as const,
      consecutiveSoftBounces: 0,
      statusChangedAt: new Date('2026-01-11T00:00:00Z'),
    };
    await addresses.saveAll([{ email: ALICE, subscriberId: 7, state: reactivated }], reactivated.statusChangedAt);
    const lookUp = jest.spyOn(bounces, 'recordedEvents');
    const again = await ingest.execute([event]);
    expect(again).toEqual([{ result: 'duplicate' }]);
    expect(lookUp).not.toHaveBeenCalled();
    expect(bounces.rows).toHaveLength(1);
    // Re-activated meanwhile: the re-sent hard bounce must not suppress the address again.
    expect(addresses.stateOf(ALICE)).toEqual(reactivated);
    expect(log.entries).toHaveLength(1);
  });

  it('treats the same event id from two providers as two events', async () => {
    const { ingest, bounces } = setUp();
    await ingest.execute([aHardBounce({ source: 'mailgun', providerEventId: 'x' }), aHardBounce({ source: 'sendgrid', providerEventId: 'x' })]);
    expect(bounces.rows).toHaveLength(2);
  });

  it('counts repeated temporary failures of one message once, and records each report', async () => {
    const { ingest, bounces, addresses } = setUp();
    const retry = (n: number) => aSoftBounce({ email: alice, source: 'mailgun', providerEventId: `retry-${n}`, providerMessageId: 'msg-1' });
    const outcomes = await ingest.execute([retry(1), retry(2), retry(3), retry(4)]);
    expect(outcomes.map((outcome) => outcome.result === 'recorded' && outcome.decision)).toEqual(['count-soft', 'record-only', 'record-only', 'record-only']);
    expect(bounces.rows).toHaveLength(4);
    expect(addresses.stateOf(ALICE)).toEqual(state({ consecutiveSoftBounces: 1, softBounceTimes: [NOW], lastBounceAt: NOW }));
  });

  it('marks the subscriber bounced on the third consecutive soft bounce of distinct messages', async () => {
    const { ingest, addresses, notifier } = setUp();
    addresses.withSubscriber(ALICE, 7);
    await ingest.execute([1, 2, 3].map((n) => aSoftBounce({ email: alice, providerMessageId: `m-${n}` })));
    expect(addresses.stateOf(ALICE)).toEqual(
      state({
        status: 'bounced',
        suppressedBy: 'soft-bounce-threshold',
        consecutiveSoftBounces: 3,
        softBounceTimes: [NOW, NOW, NOW],
        lastBounceAt: NOW,
        statusChangedAt: NOW,
      }),
    );
    expect(notifier.published).toMatchObject([{ status: 'bounced', reason: 'soft-bounce-threshold', subscriberId: 7 }]);
  });

  it('honours the configured threshold', async () => {
    const { ingest, addresses } = setUp(5);
    await ingest.execute([1, 2, 3, 4].map(() => aSoftBounce({ email: alice })));
    expect(addresses.stateOf(ALICE)).toEqual(state({ consecutiveSoftBounces: 4, softBounceTimes: [NOW, NOW, NOW, NOW], lastBounceAt: NOW }));
  });

  describe("a provider's refusal of the sender (docs/policy.md, rule 11)", () => {
    const running = state({ consecutiveSoftBounces: 2, softBounceTimes: [NOW, NOW], lastBounceAt: new Date('2026-01-09T00:00:00Z') });

    it('is recorded as a soft bounce, even when the provider called it hard, and changes nothing of its address', async () => {
      const { ingest, addresses, bounces, notifier } = setUp();
      addresses.withSubscriber(ALICE, 7, running);
      const outcomes = await ingest.execute([
        aSenderBlock({ email: alice, bounceType: 'hard', providerEventId: 'e1' }),
        aSenderBlock({ email: alice, providerEventId: 'e2' }),
      ]);
      expect(outcomes).toEqual([
        { result: 'recorded', bounceId: 1, decision: 'record-only' },
        { result: 'recorded', bounceId: 2, decision: 'record-only' },
      ]);
      expect(bounces.rows.map((row) => [row.bounceType, row.subscriberId])).toEqual([
        ['soft', 7],
        ['soft', 7],
      ]);
      expect(addresses.stateOf(ALICE)).toEqual({ ...running, lastBounceAt: NOW });
      expect(notifier.published).toEqual([]);
    });

    it('counts as soft with SENDER_BLOCKS_SUPPRESS, never as hard, and once per message across requests', async () => {
      const { ingest, addresses, clock } = setUp(3, { senderBlocksSuppress: true });
      addresses.withSubscriber(ALICE, 7);
      await ingest.execute([aSenderBlock({ email: alice, bounceType: 'hard', providerEventId: 'e1', providerMessageId: 'm1' })]);
      expect(addresses.stateOf(ALICE)).toEqual(state({ consecutiveSoftBounces: 1, softBounceTimes: [NOW], lastBounceAt: NOW }));
      clock.current = new Date('2026-01-11T12:00:00Z');
      const [again] = await ingest.execute([aSenderBlock({ email: alice, providerEventId: 'e2', providerMessageId: 'm1' })]);
      expect(again).toMatchObject({ result: 'recorded', decision: 'record-only' });
      await ingest.execute([
        aSenderBlock({ email: alice, providerEventId: 'e3', providerMessageId: 'm2' }),
        aSenderBlock({ email: alice, providerEventId: 'e4', providerMessageId: 'm3' }),
      ]);
      expect(addresses.stateOf(ALICE)).toMatchObject({ status: 'bounced', suppressedBy: 'soft-bounce-threshold', consecutiveSoftBounces: 3 });
    });
  });

  describe('with SOFT_BOUNCE_WINDOW_DAYS (docs/policy.md, rule 13)', () => {
    const days = (n: number) => new Date(NOW.getTime() + n * 24 * 3600_000);
    /** A soft bounce of a message of its own, at each of these days after NOW; the state after each. */
    async function softBouncesOn(rules: Partial<BouncePolicyRules>, ...onDays: number[]) {
      const { ingest, addresses, clock } = setUp(3, rules);
      addresses.withSubscriber(ALICE, 7);
      const states: AddressState[] = [];
      for (const day of onDays) {
        clock.current = days(day);
        await ingest.execute([aSoftBounce({ email: alice, source: 'sendgrid', providerEventId: `e${day}`, providerMessageId: `m${day}` })]);
        states.push(addresses.stateOf(ALICE)!);
      }
      return states;
    }

    it('never suppresses on soft bounces further apart than the window, and keeps the time of each counted one', async () => {
      const states = await softBouncesOn({ softBounceWindowDays: 7 }, 0, 8, 16, 24);
      expect(states.map((s) => `${s.status}/${s.consecutiveSoftBounces}`)).toEqual(['active/1', 'active/1', 'active/1', 'active/1']);
      expect(states[3].softBounceTimes).toEqual([days(24)]);
    });

    it('suppresses on the third soft bounce within the window, the older ones no longer counting', async () => {
      const states = await softBouncesOn({ softBounceWindowDays: 7 }, 0, 8, 11, 14);
      expect(states.map((s) => `${s.status}/${s.consecutiveSoftBounces}`)).toEqual(['active/1', 'active/1', 'active/2', 'bounced/3']);
      expect(states[3]).toMatchObject({ suppressedBy: 'soft-bounce-threshold', softBounceTimes: [days(8), days(11), days(14)], statusChangedAt: days(14) });
    });

    it('counts every soft bounce of the run, however far apart, without a window', async () => {
      const states = await softBouncesOn({}, 0, 8, 16);
      expect(states.map((s) => `${s.status}/${s.consecutiveSoftBounces}`)).toEqual(['active/1', 'active/2', 'bounced/3']);
    });
  });

  describe('with SOFT_SUPPRESSION_EXPIRY_DAYS (docs/policy.md, rule 13)', () => {
    const days = (n: number) => new Date(NOW.getTime() + n * 24 * 3600_000);
    /** Alice, a subscriber suppressed by the soft threshold at NOW (three soft bounces of three messages). */
    async function softSuppressed(rules: Partial<BouncePolicyRules> = { softSuppressionExpiryDays: 7 }) {
      const setup = setUp(3, rules);
      setup.addresses.withSubscriber(ALICE, 7);
      await setup.ingest.execute([1, 2, 3].map((n) => aSoftBounce({ email: alice, source: 'sendgrid', providerEventId: `e${n}`, providerMessageId: `m${n}` })));
      expect(setup.addresses.stateOf(ALICE)).toMatchObject({ status: 'bounced', suppressedBy: 'soft-bounce-threshold', statusChangedAt: NOW });
      return setup;
    }
    const softBounce = (n: number) => aSoftBounce({ email: alice, source: 'sendgrid', providerEventId: `e${n}`, providerMessageId: `m${n}` });

    it('applies an event N days later to the address as active, with a new run, after recording and publishing the lapse at the moment it happened', async () => {
      const { ingest, addresses, clock, log, notifier } = await softSuppressed();
      clock.current = days(9);
      const [outcome] = await ingest.execute([softBounce(4)]);
      expect(outcome).toMatchObject({ result: 'recorded', decision: 'count-soft' });
      expect(addresses.stateOf(ALICE)).toEqual(
        state({ consecutiveSoftBounces: 1, softBounceTimes: [days(9)], lastBounceAt: days(9), statusChangedAt: days(7) }),
      );
      const lapse = {
        email: ALICE,
        subscriberId: 7,
        previousStatus: 'bounced',
        status: 'active',
        reason: 'soft-suppression-expired',
        bounceId: null,
        occurredAt: days(7),
      };
      expect(log.entries.map(({ change }) => change)).toEqual([expect.objectContaining({ reason: 'soft-bounce-threshold', occurredAt: NOW }), lapse]);
      expect(notifier.published).toEqual([expect.objectContaining({ reason: 'soft-bounce-threshold' }), lapse]);
    });

    it('keeps the address suppressed until N days have passed', async () => {
      const { ingest, addresses, clock, log } = await softSuppressed();
      clock.current = new Date(days(7).getTime() - 1);
      const [outcome] = await ingest.execute([softBounce(4)]);
      expect(outcome).toMatchObject({ result: 'recorded', decision: 'record-only' });
      expect(addresses.stateOf(ALICE)).toMatchObject({ status: 'bounced', suppressedBy: 'soft-bounce-threshold', consecutiveSoftBounces: 3 });
      expect(log.entries).toHaveLength(1);
    });

    it('suppresses an address again on the threshold of its new run', async () => {
      const { ingest, addresses, clock } = await softSuppressed();
      clock.current = days(8);
      await ingest.execute([4, 5, 6].map(softBounce));
      expect(addresses.stateOf(ALICE)).toMatchObject({
        status: 'bounced',
        suppressedBy: 'soft-bounce-threshold',
        consecutiveSoftBounces: 3,
        statusChangedAt: days(8),
      });
    });

    it('never lifts a suppression that a hard bounce confirmed while it lasted', async () => {
      const { ingest, addresses, clock, log } = await softSuppressed();
      clock.current = days(2);
      const [confirmed] = await ingest.execute([aHardBounce({ email: alice, source: 'sendgrid', providerEventId: 'hard' })]);
      expect(confirmed).toMatchObject({ result: 'recorded', decision: 'suppress' });
      expect(addresses.stateOf(ALICE)).toMatchObject({ status: 'bounced', suppressedBy: 'hard-bounce', statusChangedAt: NOW });
      clock.current = days(30);
      await ingest.execute([softBounce(4)]);
      expect(addresses.stateOf(ALICE)).toMatchObject({ status: 'bounced', suppressedBy: 'hard-bounce' });
      expect(log.entries.map(({ change }) => change.reason)).toEqual(['soft-bounce-threshold']);
    });

    it('never lifts a suppression by the soft threshold when suppressions do not expire', async () => {
      const { ingest, addresses, clock } = await softSuppressed({});
      clock.current = days(3650);
      await ingest.execute([softBounce(4)]);
      expect(addresses.stateOf(ALICE)).toMatchObject({ status: 'bounced', suppressedBy: 'soft-bounce-threshold', consecutiveSoftBounces: 3 });
    });
  });

  describe('an allow-listed address (docs/policy.md, rule 14)', () => {
    it('records a hard bounce of an allow-listed subscriber and leaves it active, with no status change logged or published', async () => {
      const { ingest, addresses, bounces, log, notifier, allowList } = setUp();
      addresses.withSubscriber(ALICE, 7);
      allowList.with(ALICE);
      expect(await ingest.execute([aHardBounce({ email: alice, source: 'ses', providerEventId: 'r1' })])).toEqual([
        { result: 'recorded', bounceId: 1, decision: 'record-only' },
      ]);
      expect(bounces.rows).toHaveLength(1);
      expect(bounces.rows[0]).toMatchObject({ email: ALICE, bounceType: 'hard', subscriberId: 7 });
      expect(addresses.stateOf(ALICE)).toEqual(state({ lastBounceAt: NOW }));
      expect(log.entries).toEqual([]);
      expect(notifier.published).toEqual([]);
    });

    it('never counts the soft bounces of an address of an allow-listed domain toward the threshold', async () => {
      const { ingest, addresses, allowList } = setUp();
      allowList.with('@example.com');
      const outcomes = await ingest.execute([1, 2, 3, 4].map((n) => aSoftBounce({ email: bob, providerMessageId: `m${n}`, providerEventId: `e${n}` })));
      expect(outcomes.map((outcome) => outcome.result === 'recorded' && outcome.decision)).toEqual([
        'record-only',
        'record-only',
        'record-only',
        'record-only',
      ]);
      expect(addresses.stateOf('bob@example.com')).toEqual(state({ lastBounceAt: NOW }));
    });

    it('records a complaint of an allow-listed address without unsubscribing it, and still applies the batch’s other addresses', async () => {
      const { ingest, addresses, allowList } = setUp();
      allowList.with(ALICE);
      await ingest.execute([aComplaint({ email: alice }), aHardBounce({ email: bob })]);
      expect(addresses.stateOf(ALICE)).toEqual(state({ lastBounceAt: NOW }));
      expect(addresses.stateOf('bob@example.com')).toMatchObject({ status: 'bounced' });
    });

    it('asks the allow-list once per transaction, for every address of the batch, and not for deliveries alone', async () => {
      const { ingest, allowList } = setUp();
      await ingest.execute([aHardBounce({ email: alice }), aSoftBounce({ email: bob }), aComplaint({ email: alice })]);
      expect(allowList.lookUps).toBe(1);
      await ingest.execute(Array.from({ length: 501 }, (_, n) => aHardBounce({ email: EmailAddress.parse(`u${n}@example.com`) })));
      expect(allowList.lookUps).toBe(3);
      await ingest.execute([aDelivery({ email: alice }), aDelivery({ email: bob })]);
      expect(allowList.lookUps).toBe(3);
    });
  });

  it('resets the run on a delivery, in the order the events came, without recording a bounce', async () => {
    const { ingest, addresses, bounces } = setUp();
    const outcomes = await ingest.execute([
      aSoftBounce({ email: alice }),
      aSoftBounce({ email: alice }),
      aDelivery({ email: alice }),
      aSoftBounce({ email: alice }),
    ]);
    expect(outcomes[2]).toEqual({ result: 'applied', decision: 'reset' });
    expect(bounces.rows).toHaveLength(3);
    expect(addresses.stateOf(ALICE)).toEqual(state({ consecutiveSoftBounces: 1, softBounceTimes: [NOW], lastBounceAt: NOW }));
  });

  it('ignores a not-spam report and a delivery with nothing to reset, storing nothing', async () => {
    const { ingest, addresses, bounces } = setUp();
    const outcomes = await ingest.execute([aComplaint({ email: alice, feedbackType: 'not-spam' }), aDelivery({ email: bob })]);
    expect(outcomes).toEqual([
      { result: 'ignored', decision: 'ignore' },
      { result: 'ignored', decision: 'ignore' },
    ]);
    expect(bounces.rows).toEqual([]);
    expect(addresses.store.addressStates.size).toBe(0);
  });

  it('answers in the order of the events while processing addresses in a fixed order', async () => {
    const { ingest, bounces } = setUp();
    const outcomes = await ingest.execute([aHardBounce({ email: bob }), aHardBounce({ email: alice })]);
    expect(bounces.rows.map((row) => row.email)).toEqual([ALICE, 'bob@example.com']);
    expect(outcomes).toEqual([
      { result: 'recorded', bounceId: 2, decision: 'suppress' },
      { result: 'recorded', bounceId: 1, decision: 'suppress' },
    ]);
  });

  it('processes a whole batch in one transaction', async () => {
    const { ingest, transactions } = setUp();
    await ingest.execute([aHardBounce({ email: alice }), aSoftBounce({ email: bob }), aDelivery({ email: bob })]);
    expect(transactions.transactions).toBe(1);
  });

  it('splits a batch of more than 500 addresses into transactions of 500, never splitting an address', async () => {
    const { ingest, transactions, addresses } = setUp();
    const events = Array.from({ length: 1200 }, (_, n) => aSoftBounce({ email: EmailAddress.parse(`user${String(n).padStart(4, '0')}@example.com`) }));
    events.push(aSoftBounce({ email: EmailAddress.parse('user0499@example.com'), providerMessageId: 'second' }));
    const outcomes = await ingest.execute(events);
    expect(transactions.transactions).toBe(3);
    expect(outcomes.every((outcome) => outcome.result === 'recorded')).toBe(true);
    expect(addresses.stateOf('user0499@example.com')).toEqual(state({ consecutiveSoftBounces: 2, softBounceTimes: [NOW, NOW], lastBounceAt: NOW }));
  });

  it("splits a batch by domain: a domain's addresses go to one transaction while they fit, so that its counter rows are written once", async () => {
    const { ingest, addresses } = setUp();
    const lockAll = jest.spyOn(addresses, 'lockAll');
    await ingest.execute(Array.from({ length: 600 }, (_, n) => aHardBounce({ email: EmailAddress.parse(`user${n}@d${n % 3}.example`) })));
    const domainsOf = (emails: readonly string[]) => [...new Set(emails.map((email) => email.slice(email.indexOf('@') + 1)))].sort();
    expect(lockAll.mock.calls.map(([emails]) => domainsOf(emails))).toEqual([['d0.example', 'd1.example', 'd2.example'], ['d2.example']]);
  });

  it('publishes the changes of each transaction after it commits', async () => {
    const { ingest, transactions } = setUp();
    const publishedWhileOpen: boolean[] = [];
    Object.assign(ingest, { notifier: { publish: async () => void publishedWhileOpen.push(transactions.open) } });
    await ingest.execute(Array.from({ length: 501 }, (_, n) => aHardBounce({ email: EmailAddress.parse(`u${n}@example.com`) })));
    expect(publishedWhileOpen).toEqual([false, false]);
  });

  it('opens no transaction for an empty batch', async () => {
    const { ingest, transactions } = setUp();
    expect(await ingest.execute([])).toEqual([]);
    expect(transactions.transactions).toBe(0);
  });

  it('stamps the bounce with the clock', async () => {
    const { ingest, bounces, clock } = setUp();
    clock.current = new Date('2026-03-01T08:30:00Z');
    await ingest.execute([aHardBounce()]);
    expect(bounces.rows[0].createdAt).toEqual(new Date('2026-03-01T08:30:00Z'));
  });

  describe('outbound events', () => {
    it('appends, in the transaction, the stored bounce, the change of status and the suppression it made', async () => {
      const { ingest, addresses, outbox } = setUp();
      addresses.withSubscriber(ALICE, 7);
      await ingest.execute([aHardBounce({ email: alice, campaignId: 'c-1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' })]);
      expect(outbox.events.map((event) => event.type)).toEqual(['bounce.recorded', 'subscriber.status_changed', 'suppression.added']);
      expect(outbox.appendedOutsideTransaction).toBe(0);
      expect(outbox.events[0]).toEqual({
        type: 'bounce.recorded',
        occurredAt: NOW,
        data: expect.objectContaining({
          id: 1,
          email: ALICE,
          bounce_type: 'hard',
          source: 'api',
          campaign_id: 'c-1',
          status: '5.1.1',
          created_at: '2026-01-10T12:00:00Z',
        }),
      });
      expect(outbox.events[1].data).toEqual({
        email: ALICE,
        subscriber_id: 7,
        previous_status: 'active',
        status: 'bounced',
        reason: 'hard-bounce',
        bounce_id: 1,
        occurred_at: '2026-01-10T12:00:00Z',
      });
      expect(outbox.events[2].data).toMatchObject({ email: ALICE, status: 'bounced', reason: 'hard-bounce', origin: 'bounce', bounce_id: 1 });
    });

    it('appends only bounce.recorded for a soft bounce below the threshold', async () => {
      const { ingest, outbox } = setUp();
      await ingest.execute([aSoftBounce({ email: alice })]);
      expect(outbox.events.map((event) => event.type)).toEqual(['bounce.recorded']);
    });

    it('appends one bounce.recorded per stored bounce of a batch, and nothing for a delivery', async () => {
      const { ingest, outbox } = setUp();
      await ingest.execute([
        aSoftBounce({ email: alice, providerEventId: 'e-1' }),
        aDelivery({ email: bob }),
        aSoftBounce({ email: bob, providerEventId: 'e-2' }),
      ]);
      expect(outbox.ofType('bounce.recorded').map((event) => event.data.email)).toEqual([ALICE, 'bob@example.com']);
      expect(outbox.events).toHaveLength(2);
    });

    it('appends nothing for a report already recorded', async () => {
      const { ingest, outbox } = setUp();
      await ingest.execute([aHardBounce({ email: alice, providerEventId: 'e-1', source: 'sendgrid' })]);
      const before = outbox.events.length;
      await ingest.execute([aHardBounce({ email: alice, providerEventId: 'e-1', source: 'sendgrid' })]);
      expect(outbox.events).toHaveLength(before);
    });
  });

  describe('statistics (docs/statistics.md)', () => {
    it('counts each stored report with its stored type and cause, and each delivery, in the transaction; publishes after it', async () => {
      const { ingest, statistics, transactions } = setUp();
      let countedInTransaction = false;
      const count = statistics.count.bind(statistics);
      statistics.count = async (reports) => {
        countedInTransaction = transactions.open;
        return count(reports);
      };
      await ingest.execute([
        aHardBounce({ email: alice, campaignId: 'c-1', providerEventId: 'h1' }),
        aSenderBlock({ email: bob, bounceType: 'hard', providerEventId: 's1' }),
        aComplaint({ email: bob, providerEventId: 'c1' }),
        aDelivery({ email: alice, campaignId: 'c-1' }),
      ]);
      expect(countedInTransaction).toBe(true);
      expect(statistics.published).toBe(1);
      expect(statistics.counted.map(({ outcome, email, campaignId, category }) => ({ outcome, email, campaignId, category }))).toEqual(
        expect.arrayContaining([
          { outcome: 'hard', email: ALICE, campaignId: 'c-1', category: 'recipient' },
          { outcome: 'soft', email: 'bob@example.com', campaignId: null, category: 'sender' },
          { outcome: 'complaint', email: 'bob@example.com', campaignId: null, category: 'complaint' },
          { outcome: 'delivered', email: ALICE, campaignId: 'c-1', category: null },
        ]),
      );
      expect(statistics.counted).toHaveLength(4);
      expect(statistics.counted.every((report) => report.at.getTime() === NOW.getTime())).toBe(true);
    });

    it('counts nothing of a report re-sent by its provider', async () => {
      const { ingest, statistics } = setUp();
      await ingest.execute([aHardBounce({ email: alice, providerEventId: 'h1' })]);
      await ingest.execute([aHardBounce({ email: alice, providerEventId: 'h1' })]);
      await ingest.execute([aHardBounce({ email: alice, providerEventId: 'h1' }), aHardBounce({ email: bob, providerEventId: 'h2' })]);
      expect(statistics.counted.map((report) => report.email)).toEqual([ALICE, 'bob@example.com']);
    });
  });
});
