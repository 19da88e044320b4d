import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import {
  FixedClock,
  InMemoryAddressStateRepository,
  InMemoryAddressStore,
  InMemoryTransactionRunner,
  InMemorySubscriberRepository,
  aSubscriber,
} from '../../testing';
import { SubscriberAlreadyExistsError } from '../domain/subscriber.errors';
import { CreateSubscriber } from './create-subscriber.use-case';

describe('CreateSubscriber', () => {
  const now = new Date('2026-02-01T09:30:00Z');
  let transactions: InMemoryTransactionRunner;
  let store: InMemoryAddressStore;
  let addresses: InMemoryAddressStateRepository;
  let subscribers: InMemorySubscriberRepository;
  let createSubscriber: CreateSubscriber;

  beforeEach(() => {
    transactions = new InMemoryTransactionRunner();
    store = new InMemoryAddressStore();
    addresses = new InMemoryAddressStateRepository(store, transactions);
    subscribers = new InMemorySubscriberRepository(store);
    createSubscriber = new CreateSubscriber(transactions, addresses, subscribers, new FixedClock(now));
  });

  it('adds an active subscriber with no soft bounces for an address with no history', async () => {
    const subscriber = await createSubscriber.execute({ email: 'john.doe@example.com', name: 'John Doe' });
    expect(subscriber).toMatchObject({
      email: 'john.doe@example.com',
      name: 'John Doe',
      status: 'active',
      consecutiveSoftBounces: 0,
      lastBounceAt: null,
      statusChangedAt: null,
      createdAt: now,
    });
    expect(await subscribers.findById(subscriber.id)).toEqual(subscriber);
  });

  it('stores the address normalised', async () => {
    const subscriber = await createSubscriber.execute({ email: '  John.Doe@Example.COM ', name: null });
    expect(subscriber.email).toBe('john.doe@example.com');
  });

  it('starts a subscriber of an already bounced address as bounced, and the address keeps one state only', async () => {
    const bouncedAt = new Date('2026-01-10T12:00:00Z');
    const bounced: AddressState = { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce', lastBounceAt: bouncedAt, statusChangedAt: bouncedAt };
    store.withAddressState('invalid@example.com', bounced);
    const subscriber = await createSubscriber.execute({ email: 'invalid@example.com', name: 'In Valid' });
    expect(subscriber).toMatchObject({ state: bounced, createdAt: now });
    expect(store.addressStates.has('invalid@example.com')).toBe(false);
    expect(addresses.stateOf('invalid@example.com')).toEqual(bounced);
  });

  it('carries on an address’s run of soft bounces', async () => {
    const softAt = new Date('2026-01-20T08:00:00Z');
    store.withAddressState('full@example.com', { ...NEW_ADDRESS_STATE, consecutiveSoftBounces: 2, softBounceTimes: [softAt, softAt], lastBounceAt: softAt });
    const subscriber = await createSubscriber.execute({ email: 'full@example.com', name: null });
    expect(subscriber.state).toEqual({ ...NEW_ADDRESS_STATE, consecutiveSoftBounces: 2, softBounceTimes: [softAt, softAt], lastBounceAt: softAt });
  });

  it('takes the address lock inside one transaction', async () => {
    await createSubscriber.execute({ email: 'john.doe@example.com', name: null });
    expect(addresses.locks).toEqual([['john.doe@example.com']]);
    expect(transactions.transactions).toBe(1);
  });

  it('refuses a second subscriber with the same address, whatever its case', async () => {
    store.withSubscriber(aSubscriber({ id: 4, email: 'john.doe@example.com' }));
    const attempt = createSubscriber.execute({ email: 'JOHN.DOE@example.com', name: 'Again' });
    await expect(attempt).rejects.toThrow(SubscriberAlreadyExistsError);
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT', message: 'A subscriber with the address john.doe@example.com already exists' });
    expect(store.subscribers.size).toBe(1);
  });

  it('refuses an address that is not one', async () => {
    await expect(createSubscriber.execute({ email: 'not-an-address', name: null })).rejects.toThrow('must be a valid e-mail address');
    expect(store.subscribers.size).toBe(0);
  });
});
