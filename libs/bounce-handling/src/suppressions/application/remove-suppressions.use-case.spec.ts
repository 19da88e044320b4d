import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import type { SuppressionReason } from '../../shared/domain/address-status';
import type { StatusChange } from '../../shared/domain/status-change';
import {
  FixedClock,
  InMemoryAddressStateRepository,
  InMemoryAddressStore,
  InMemoryOutbox,
  InMemoryStatusChangeLog,
  InMemorySuppressionRepository,
  InMemoryTransactionRunner,
} from '../../testing';
import { TooManySuppressionsError } from '../domain/suppression.errors';
import { RemoveSuppressions } from './remove-suppressions.use-case';

describe('RemoveSuppressions', () => {
  const now = new Date('2026-02-01T10:00:00Z');
  const earlier = new Date('2026-01-10T12:00:00Z');
  let transactions: InMemoryTransactionRunner;
  let addresses: InMemoryAddressStateRepository;
  let suppressions: InMemorySuppressionRepository;
  let log: InMemoryStatusChangeLog;
  let outbox: InMemoryOutbox;
  let published: { change: StatusChange; duringTransaction: boolean }[];
  let expiryDays: number | null;

  const suppressed = (status: 'bounced' | 'unsubscribed', suppressedBy: SuppressionReason | null): AddressState => ({
    ...NEW_ADDRESS_STATE,
    status,
    suppressedBy,
    lastBounceAt: earlier,
    statusChangedAt: earlier,
  });
  const removeSuppressions = () =>
    new RemoveSuppressions(
      transactions,
      addresses,
      suppressions,
      log,
      { publish: async (changes) => void published.push(...changes.map((change) => ({ change, duringTransaction: transactions.open }))) },
      new FixedClock(now),
      new SoftSuppressionExpiry(expiryDays),
      outbox,
    );

  beforeEach(() => {
    transactions = new InMemoryTransactionRunner();
    const store = new InMemoryAddressStore();
    addresses = new InMemoryAddressStateRepository(store, transactions);
    suppressions = new InMemorySuppressionRepository(store, new FixedClock(now));
    log = new InMemoryStatusChangeLog();
    outbox = new InMemoryOutbox(transactions);
    published = [];
    expiryDays = null;
    addresses.withAddressState('hard@example.com', suppressed('bounced', 'hard-bounce'));
    addresses.withAddressState('complained@example.com', suppressed('unsubscribed', 'complaint'));
    addresses.withAddressState('unsubscribed@example.com', suppressed('unsubscribed', 'manual'));
    addresses.withSubscriber('sub@example.com', 9, suppressed('bounced', 'manual'));
  });

  it('answers one result per address, in order, keeping complaints and unsubscribed addresses', async () => {
    const results = await removeSuppressions().execute({
      emails: [' HARD@example.com', 'complained@example.com', 'unsubscribed@example.com', 'never@example.com', 'not an address'],
      includeComplaints: false,
      actor: 'ops',
    });
    expect(results).toEqual([
      { email: 'hard@example.com', result: 'removed' },
      { email: 'complained@example.com', result: 'kept_complaint' },
      { email: 'unsubscribed@example.com', result: 'kept_complaint' },
      { email: 'never@example.com', result: 'not_suppressed' },
      { email: 'not an address', result: 'not_suppressed' },
    ]);
    expect(addresses.stateOf('complained@example.com')?.status).toBe('unsubscribed');
    expect(addresses.stateOf('never@example.com')).toBeUndefined();
  });

  it('removes complaints and unsubscribed addresses when they are included', async () => {
    const results = await removeSuppressions().execute({
      emails: ['complained@example.com', 'unsubscribed@example.com'],
      includeComplaints: true,
      actor: 'ops',
    });
    expect(results.map((result) => result.result)).toEqual(['removed', 'removed']);
    expect(addresses.stateOf('complained@example.com')).toEqual({ ...NEW_ADDRESS_STATE, lastBounceAt: earlier, statusChangedAt: now });
  });

  it('re-activates a subscriber, records it with the actor and publishes it after the transaction', async () => {
    await removeSuppressions().execute({ emails: ['sub@example.com'], includeComplaints: false, actor: 'ops-console' });
    expect(addresses.store.subscribers.get(9)?.state).toEqual({ ...NEW_ADDRESS_STATE, lastBounceAt: earlier, statusChangedAt: now });
    const change: StatusChange = {
      email: 'sub@example.com',
      subscriberId: 9,
      previousStatus: 'bounced',
      status: 'active',
      reason: 'reactivation',
      bounceId: null,
      occurredAt: now,
    };
    expect(log.entries).toEqual([{ change, actor: 'ops-console' }]);
    expect(published).toEqual([{ change, duringTransaction: false }]);
    expect(suppressions.notes.get('sub@example.com')).toBeNull();
  });

  it('finds the second mention of an address already removed not suppressed', async () => {
    const results = await removeSuppressions().execute({ emails: ['hard@example.com', 'hard@example.com'], includeComplaints: false, actor: 'ops' });
    expect(results.map((result) => result.result)).toEqual(['removed', 'not_suppressed']);
    expect(log.entries).toHaveLength(1);
  });

  it('finds a suppression by the soft threshold that has lapsed not suppressed, and leaves it as it is', async () => {
    expiryDays = 7;
    addresses.withAddressState('soft@example.com', suppressed('bounced', 'soft-bounce-threshold'));
    const [result] = await removeSuppressions().execute({ emails: ['soft@example.com'], includeComplaints: false, actor: 'ops' });
    expect(result.result).toBe('not_suppressed');
    expect(log.entries).toEqual([]);
  });

  it('refuses more than 1000 addresses and changes nothing', async () => {
    const emails = [...Array.from({ length: 1000 }, (_, n) => `a${n}@example.com`), 'hard@example.com'];
    await expect(removeSuppressions().execute({ emails, includeComplaints: true, actor: 'ops' })).rejects.toBeInstanceOf(TooManySuppressionsError);
    expect(addresses.stateOf('hard@example.com')?.status).toBe('bounced');
    expect(transactions.transactions).toBe(0);
  });

  it('appends subscriber.status_changed and suppression.removed for each removal, in the transaction', async () => {
    await removeSuppressions().execute({ emails: ['hard@example.com', 'complained@example.com'], includeComplaints: false, actor: 'ops' });
    expect(outbox.events.map((event) => event.type)).toEqual(['subscriber.status_changed', 'suppression.removed']);
    expect(outbox.events[1].data).toMatchObject({ email: 'hard@example.com', subscriber_id: null, previous_status: 'bounced', reason: 'reactivation' });
    expect(outbox.appendedOutsideTransaction).toBe(0);
  });
});
