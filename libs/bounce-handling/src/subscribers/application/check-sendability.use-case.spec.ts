import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { InMemoryAddressStateRepository, InMemoryAddressStore, aSubscriber } from '../../testing';
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
    checkSendability = new CheckSendability(addresses);
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
