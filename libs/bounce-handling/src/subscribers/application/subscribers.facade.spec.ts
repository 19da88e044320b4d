import { NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import { FixedClock, InMemoryAddressStateRepository, InMemoryAddressStore, aSubscriber } from '../../testing';
import { CheckSendability } from './check-sendability.use-case';
import { SubscribersFacade } from './subscribers.facade';

describe('SubscribersFacade', () => {
  const addresses = new InMemoryAddressStateRepository(
    new InMemoryAddressStore()
      .withSubscriber(aSubscriber({ id: 1, email: 'active@example.com' }))
      .withSubscriber(aSubscriber({ id: 2, email: 'bounced@example.com', status: 'bounced' }))
      .withAddressState('complained@example.com', { ...NEW_ADDRESS_STATE, status: 'unsubscribed', suppressedBy: 'complaint' }),
  );
  const facade = new SubscribersFacade(new CheckSendability(addresses, new FixedClock(), new SoftSuppressionExpiry(null)));

  it('checks many addresses at once, in order', async () => {
    expect(await facade.checkSendability(['bounced@example.com', 'active@example.com'])).toEqual([
      { email: 'bounced@example.com', sendable: false, reason: 'bounced' },
      { email: 'active@example.com', sendable: true, reason: null },
    ]);
  });

  it('answers an empty list with an empty list', async () => {
    expect(await facade.checkSendability([])).toEqual([]);
  });

  it.each([
    ['active@example.com', true],
    ['Active@Example.com', true],
    ['never-seen@example.com', true],
    ['bounced@example.com', false],
    ['complained@example.com', false],
    ['not an address', false],
  ])('says whether %p may be mailed: %p', async (email, expected) => {
    expect(await facade.isSendable(email)).toBe(expected);
  });
});
