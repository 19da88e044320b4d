import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import { FixedClock, InMemoryAddressStateRepository, InMemoryAddressStore, aSubscriber } from '../../testing';
import { CheckSendability } from './check-sendability.use-case';

describe('CheckSendability', () => {
  const never: AddressState = { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce' };
  let addresses: InMemoryAddressStateRepository;
  let checkSendability: CheckSendability;

  beforeEach(() => {
    addresses = new InMemoryAddressStateRepository(
      new InMemoryAddressStore()
        .withSubscriber(aSubscriber({ id: 1, email: 'active@example.com', status: 'active' }))
        .withSubscriber(aSubscriber({ id: 2, email: 'bounced@example.com', status: 'bounced' }))
        .withSubscriber(aSubscriber({ id: 3, email: 'unsubscribed@example.com', status: 'unsubscribed' }))
        .withAddressState('nobody@example.com', never)
        .withAddressState('complained@example.com', { ...never, status: 'unsubscribed', suppressedBy: 'complaint' }),
    );
    checkSendability = new CheckSendability(addresses, new FixedClock(), new SoftSuppressionExpiry(null));
  });

  it('answers every address in the order asked, with the reason of each refusal', async () => {
    expect(
      await checkSendability.execute(['active@example.com', 'bounced@example.com', 'unsubscribed@example.com', 'unknown@example.com', 'not an address']),
    ).toEqual([
      { email: 'active@example.com', sendable: true, reason: null },
      { email: 'bounced@example.com', sendable: false, reason: 'bounced' },
      { email: 'unsubscribed@example.com', sendable: false, reason: 'unsubscribed' },
      { email: 'unknown@example.com', sendable: true, reason: null },
      { email: 'not an address', sendable: false, reason: 'invalid_address' },
    ]);
  });

  it('refuses addresses suppressed while they belonged to no subscriber (docs/policy.md, rule 6)', async () => {
    expect(await checkSendability.execute(['nobody@example.com', 'complained@example.com'])).toEqual([
      { email: 'nobody@example.com', sendable: false, reason: 'bounced' },
      { email: 'complained@example.com', sendable: false, reason: 'unsubscribed' },
    ]);
  });

  it('normalises each address before it looks it up, and answers it normalised', async () => {
    expect(await checkSendability.execute([' Bounced@Example.COM '])).toEqual([{ email: 'bounced@example.com', sendable: false, reason: 'bounced' }]);
  });

  describe('with SOFT_SUPPRESSION_EXPIRY_DAYS (docs/policy.md, rule 13)', () => {
    const suppressedAt = new Date('2026-01-10T12:00:00Z');
    const days = (n: number) => new Date(suppressedAt.getTime() + n * 24 * 3600_000);
    const byThreshold: AddressState = { ...never, suppressedBy: 'soft-bounce-threshold', consecutiveSoftBounces: 3, statusChangedAt: suppressedAt };
    const store = () =>
      new InMemoryAddressStore()
        .withSubscriber(aSubscriber({ id: 1, email: 'full@example.com', ...byThreshold }))
        .withAddressState('lone-full@example.com', byThreshold)
        .withAddressState('hard@example.com', { ...byThreshold, suppressedBy: 'hard-bounce' })
        .withAddressState('complained@example.com', { ...byThreshold, status: 'unsubscribed', suppressedBy: 'complaint' })
        .withAddressState('unknown-cause@example.com', { ...byThreshold, suppressedBy: null });
    const check = (now: Date, expiryDays: number | null) =>
      new CheckSendability(new InMemoryAddressStateRepository(store()), new FixedClock(now), new SoftSuppressionExpiry(expiryDays)).execute([
        'full@example.com',
        'lone-full@example.com',
        'hard@example.com',
        'complained@example.com',
        'unknown-cause@example.com',
      ]);
    const sendable = (answers: Awaited<ReturnType<typeof check>>) => answers.map((answer) => answer.sendable);

    it('answers an address suppressed by the soft threshold as sendable N days after, with or without a subscriber, and not a moment before', async () => {
      expect(sendable(await check(days(7), 7))).toEqual([true, true, false, false, false]);
      expect(sendable(await check(new Date(days(7).getTime() - 1), 7))).toEqual([false, false, false, false, false]);
    });

    it('never answers a suppression by a hard bounce, a complaint or an unknown cause as lapsed', async () => {
      expect(await check(days(4000), 7)).toEqual([
        { email: 'full@example.com', sendable: true, reason: null },
        { email: 'lone-full@example.com', sendable: true, reason: null },
        { email: 'hard@example.com', sendable: false, reason: 'bounced' },
        { email: 'complained@example.com', sendable: false, reason: 'unsubscribed' },
        { email: 'unknown-cause@example.com', sendable: false, reason: 'bounced' },
      ]);
    });

    it('keeps every suppression when suppressions do not expire', async () => {
      expect(sendable(await check(days(4000), null))).toEqual([false, false, false, false, false]);
    });

    it('asks the repository as of the clock, with the expiry', async () => {
      const addresses = new InMemoryAddressStateRepository(store());
      const suppressedStatusesOf = jest.spyOn(addresses, 'suppressedStatusesOf');
      await new CheckSendability(addresses, new FixedClock(days(3)), new SoftSuppressionExpiry(7)).execute(['full@example.com']);
      expect(suppressedStatusesOf.mock.calls[0].slice(1)).toEqual([days(3), 7]);
    });
  });

  it('asks the repository once, for each distinct valid address', async () => {
    const suppressedStatusesOf = jest.spyOn(addresses, 'suppressedStatusesOf');
    await checkSendability.execute(['a@example.com', 'A@example.com', 'bad', 'b@example.com']);
    expect(suppressedStatusesOf).toHaveBeenCalledTimes(1);
    expect(suppressedStatusesOf.mock.calls[0][0].map((email) => email.value)).toEqual(['a@example.com', 'b@example.com']);
  });

  it('does not ask the repository when no address is valid', async () => {
    const suppressedStatusesOf = jest.spyOn(addresses, 'suppressedStatusesOf');
    expect(await checkSendability.execute(['bad'])).toEqual([{ email: 'bad', sendable: false, reason: 'invalid_address' }]);
    expect(suppressedStatusesOf).not.toHaveBeenCalled();
  });
});
