import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import {
  FixedClock,
  InMemoryAddressStateRepository,
  InMemoryAddressStore,
  InMemoryOutbox,
  InMemoryStatusChangeLog,
  InMemorySuppressionRepository,
  InMemoryTransactionRunner,
  RecordingStatusChangeNotifier,
} from '../../testing';
import { AddSuppressions } from './add-suppressions.use-case';
import { ListSuppressions } from './list-suppressions.use-case';
import { RemoveSuppressions } from './remove-suppressions.use-case';
import { SuppressionsFacade } from './suppressions.facade';

describe('SuppressionsFacade', () => {
  let transactions: InMemoryTransactionRunner;
  let addresses: InMemoryAddressStateRepository;
  let log: InMemoryStatusChangeLog;
  let facade: SuppressionsFacade;

  beforeEach(() => {
    const clock = new FixedClock();
    const store = new InMemoryAddressStore();
    transactions = new InMemoryTransactionRunner();
    addresses = new InMemoryAddressStateRepository(store, transactions);
    const suppressions = new InMemorySuppressionRepository(store, clock);
    log = new InMemoryStatusChangeLog();
    const notifier = new RecordingStatusChangeNotifier();
    const expiry = new SoftSuppressionExpiry(null);
    facade = new SuppressionsFacade(
      new AddSuppressions(transactions, addresses, suppressions, log, notifier, clock, expiry, new InMemoryOutbox()),
      new RemoveSuppressions(transactions, addresses, suppressions, log, notifier, clock, expiry, new InMemoryOutbox()),
      new ListSuppressions(suppressions),
    );
  });

  it('suppresses as a manual addition unless told the origin, with the actor', async () => {
    await facade.suppress([{ email: 'a@example.com', status: 'bounced' }], { actor: 'billing-service' });
    await facade.suppress([{ email: 'b@example.com', status: 'bounced' }], { actor: 'billing-service', origin: 'import' });
    expect((await facade.list({}, { limit: 10, offset: 0 })).items.map((item) => [item.email, item.origin])).toEqual([
      ['b@example.com', 'import'],
      ['a@example.com', 'manual'],
    ]);
    expect(log.entries.map((entry) => entry.actor)).toEqual(['billing-service', 'billing-service']);
  });

  it('takes a list longer than one batch in batches of 1000, one transaction each, results in order', async () => {
    const entries = Array.from({ length: 2001 }, (_, n) => ({ email: `a${n}@example.com`, status: 'bounced' as const }));
    const results = await facade.suppress(entries, { actor: 'ops' });
    expect(results).toHaveLength(2001);
    expect(results[2000]).toEqual({ email: 'a2000@example.com', result: 'added', status: 'bounced' });
    expect(transactions.transactions).toBe(3);
  });

  it('unsuppresses, keeping complaints unless they are included', async () => {
    await facade.suppress([{ email: 'u@example.com', status: 'unsubscribed' }], { actor: 'ops' });
    expect(await facade.unsuppress(['u@example.com'], { actor: 'ops' })).toEqual([{ email: 'u@example.com', result: 'kept_complaint' }]);
    expect(await facade.unsuppress(['u@example.com'], { actor: 'ops', includeComplaints: true })).toEqual([{ email: 'u@example.com', result: 'removed' }]);
    expect(addresses.stateOf('u@example.com')?.status).toBe('active');
  });
});
