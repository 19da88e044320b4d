import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import { NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
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
import { MAX_SUPPRESSION_NOTE_LENGTH } from '../domain/suppression';
import { TooManySuppressionsError } from '../domain/suppression.errors';
import { AddSuppressions } from './add-suppressions.use-case';

describe('AddSuppressions', () => {
  const now = new Date('2026-02-01T10:00:00Z');
  const earlier = new Date('2026-01-10T12:00:00Z');
  let transactions: InMemoryTransactionRunner;
  let addresses: InMemoryAddressStateRepository;
  let suppressions: InMemorySuppressionRepository;
  let log: InMemoryStatusChangeLog;
  let outbox: InMemoryOutbox;
  let published: { change: StatusChange; duringTransaction: boolean }[];
  let expiryDays: number | null;

  const addSuppressions = () =>
    new AddSuppressions(
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
  });

  it('answers one result per entry, in order: added, already suppressed, invalid', async () => {
    addresses.withAddressState('old@example.com', { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce', statusChangedAt: earlier });
    const results = await addSuppressions().execute({
      entries: [
        { email: ' New@Example.com ', status: 'bounced' },
        { email: 'old@example.com', status: 'bounced' },
        { email: 'not an address', status: 'bounced' },
      ],
      origin: 'manual',
      actor: 'ops-console',
    });
    expect(results).toEqual([
      { email: 'new@example.com', result: 'added', status: 'bounced' },
      { email: 'old@example.com', result: 'already_suppressed', status: 'bounced' },
      { email: 'not an address', result: 'invalid', status: null },
    ]);
  });

  it('suppresses an address with no subscriber, with its origin as reason and its note', async () => {
    await addSuppressions().execute({ entries: [{ email: 'x@example.com', status: 'unsubscribed', note: 'asked by phone' }], origin: 'import', actor: 'ops' });
    expect(addresses.stateOf('x@example.com')).toEqual({ ...NEW_ADDRESS_STATE, status: 'unsubscribed', suppressedBy: 'import', statusChangedAt: now });
    expect(suppressions.notes.get('x@example.com')).toBe('asked by phone');
  });

  it('suppresses a subscriber’s address on the subscriber', async () => {
    addresses.withSubscriber('sub@example.com', 7);
    await addSuppressions().execute({ entries: [{ email: 'sub@example.com', status: 'bounced' }], origin: 'manual', actor: 'ops' });
    expect(addresses.store.subscribers.get(7)?.state).toMatchObject({ status: 'bounced', suppressedBy: 'manual' });
    expect(addresses.store.addressStates.has('sub@example.com')).toBe(false);
  });

  it('records each change with the actor and publishes it only after the transaction', async () => {
    addresses.withSubscriber('sub@example.com', 7);
    await addSuppressions().execute({ entries: [{ email: 'sub@example.com', status: 'bounced' }], origin: 'manual', actor: 'ops-console' });
    const change: StatusChange = {
      email: 'sub@example.com',
      subscriberId: 7,
      previousStatus: 'active',
      status: 'bounced',
      reason: 'manual',
      bounceId: null,
      occurredAt: now,
    };
    expect(log.entries).toEqual([{ change, actor: 'ops-console' }]);
    expect(published).toEqual([{ change, duringTransaction: false }]);
  });

  it('makes a bounced address unsubscribed, and leaves an unsubscribed one so when bounced is added', async () => {
    addresses.withAddressState('b@example.com', { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce', statusChangedAt: earlier });
    addresses.withAddressState('u@example.com', { ...NEW_ADDRESS_STATE, status: 'unsubscribed', suppressedBy: 'complaint', statusChangedAt: earlier });
    const results = await addSuppressions().execute({
      entries: [
        { email: 'b@example.com', status: 'unsubscribed' },
        { email: 'u@example.com', status: 'bounced' },
      ],
      origin: 'manual',
      actor: 'ops',
    });
    expect(results.map((result) => [result.result, result.status])).toEqual([
      ['added', 'unsubscribed'],
      ['already_suppressed', 'unsubscribed'],
    ]);
    expect(addresses.stateOf('u@example.com')).toMatchObject({ status: 'unsubscribed', suppressedBy: 'complaint', statusChangedAt: earlier });
    expect(log.entries.map((entry) => entry.change.email)).toEqual(['b@example.com']);
  });

  it('treats a later entry of the same address as seeing the earlier one', async () => {
    const results = await addSuppressions().execute({
      entries: [
        { email: 'x@example.com', status: 'bounced' },
        { email: 'X@example.com', status: 'bounced' },
        { email: 'x@example.com', status: 'unsubscribed' },
      ],
      origin: 'manual',
      actor: 'ops',
    });
    expect(results.map((result) => result.result)).toEqual(['added', 'already_suppressed', 'added']);
    expect(addresses.stateOf('x@example.com')?.status).toBe('unsubscribed');
    expect(log.entries.map((entry) => [entry.change.previousStatus, entry.change.status])).toEqual([
      ['active', 'bounced'],
      ['bounced', 'unsubscribed'],
    ]);
  });

  it('adds an address whose suppression by the soft threshold has lapsed, recording the lapse first', async () => {
    expiryDays = 7;
    addresses.withAddressState('s@example.com', { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'soft-bounce-threshold', statusChangedAt: earlier });
    const [result] = await addSuppressions().execute({ entries: [{ email: 's@example.com', status: 'bounced' }], origin: 'manual', actor: 'ops' });
    expect(result.result).toBe('added');
    expect(log.entries.map((entry) => entry.change.reason)).toEqual(['soft-suppression-expired', 'manual']);
    expect(addresses.stateOf('s@example.com')).toMatchObject({ status: 'bounced', suppressedBy: 'manual', statusChangedAt: now });
  });

  it('finds an entry invalid when its status is not a suppressed one or its note too long', async () => {
    const results = await addSuppressions().execute({
      entries: [
        { email: 'a@example.com', status: 'active' as never },
        { email: 'b@example.com', status: 'bounced', note: 'x'.repeat(MAX_SUPPRESSION_NOTE_LENGTH + 1) },
      ],
      origin: 'import',
      actor: 'ops',
    });
    expect(results.map((result) => result.result)).toEqual(['invalid', 'invalid']);
    expect(addresses.stateOf('a@example.com')).toBeUndefined();
    expect(addresses.stateOf('b@example.com')).toBeUndefined();
  });

  it('opens one transaction for the whole batch, and none when every entry is invalid', async () => {
    await addSuppressions().execute({
      entries: [
        { email: 'a@example.com', status: 'bounced' },
        { email: 'b@example.com', status: 'unsubscribed' },
      ],
      origin: 'manual',
      actor: 'ops',
    });
    expect(transactions.transactions).toBe(1);
    await addSuppressions().execute({ entries: [{ email: 'nope', status: 'bounced' }], origin: 'manual', actor: 'ops' });
    expect(transactions.transactions).toBe(1);
  });

  it('refuses more than 1000 entries and changes nothing', async () => {
    const entries = Array.from({ length: 1001 }, (_, n) => ({ email: `a${n}@example.com`, status: 'bounced' as const }));
    await expect(addSuppressions().execute({ entries, origin: 'import', actor: 'ops' })).rejects.toBeInstanceOf(TooManySuppressionsError);
    expect(addresses.stateOf('a0@example.com')).toBeUndefined();
  });

  it('appends subscriber.status_changed and suppression.added with the origin and note, in the transaction', async () => {
    addresses.withSubscriber('sub@example.com', 7);
    await addSuppressions().execute({ entries: [{ email: 'sub@example.com', status: 'bounced', note: 'from billing' }], origin: 'import', actor: 'ops' });
    expect(outbox.events.map((event) => event.type)).toEqual(['subscriber.status_changed', 'suppression.added']);
    expect(outbox.events[1].data).toEqual({
      email: 'sub@example.com',
      subscriber_id: 7,
      status: 'bounced',
      reason: 'import',
      origin: 'import',
      note: 'from billing',
      bounce_id: null,
      occurred_at: now.toISOString().replace('.000Z', 'Z'),
    });
    expect(outbox.appendedOutsideTransaction).toBe(0);
  });

  it('appends no suppression.added for an address suppressed already', async () => {
    addresses.withAddressState('b@example.com', { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce', statusChangedAt: earlier });
    await addSuppressions().execute({ entries: [{ email: 'b@example.com', status: 'bounced' }], origin: 'manual', actor: 'ops' });
    expect(outbox.ofType('suppression.added')).toEqual([]);
  });
});
