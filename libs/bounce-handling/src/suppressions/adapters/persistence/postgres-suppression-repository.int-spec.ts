import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { EMPTY_DATA_TABLES } from '../../../../../../test/support/test-database';
import { PostgresAddressStateRepository } from '../../../shared/adapters/persistence/postgres-address-state-repository.adapter';
import { PostgresOutbox } from '../../../shared/adapters/persistence/postgres-outbox.adapter';
import { PostgresStatusChangeLog } from '../../../shared/adapters/persistence/postgres-status-change-log.adapter';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import { SoftSuppressionExpiry } from '../../../shared/application/soft-suppression-expiry';
import { FixedClock, RecordingStatusChangeNotifier } from '../../../testing';
import { AddSuppressions } from '../../application/add-suppressions.use-case';
import { RemoveSuppressions } from '../../application/remove-suppressions.use-case';
import type { Suppression, SuppressionFilter } from '../../domain/suppression';
import { PostgresSuppressionRepository } from './postgres-suppression-repository.adapter';

describe('the suppression list on PostgreSQL', () => {
  let db: TestOrm;
  const now = new Date('2026-02-01T10:00:00Z');
  const jan = (day: number) => new Date(`2026-01-${String(day).padStart(2, '0')}T12:00:00Z`);
  const clock = new FixedClock(now);
  const repository = (expiryDays: number | null = null) => new PostgresSuppressionRepository(db.orm.em, clock, new SoftSuppressionExpiry(expiryDays));

  const subscriber = async (email: string, status: string, suppressedBy: string | null, at: Date | null): Promise<number> => {
    const [row] = await db.sql<{ id: string }>('insert into subscribers (email, status, suppressed_by, status_changed_at) values (?, ?, ?, ?) returning id', [
      email,
      status,
      suppressedBy,
      at,
    ]);
    return Number(row.id);
  };
  const addressState = (email: string, status: string, suppressedBy: string | null, at: Date | null) =>
    db.sql('insert into address_states (email, status, suppressed_by, status_changed_at) values (?, ?, ?, ?)', [email, status, suppressedBy, at]);
  const emailsOf = (items: readonly Suppression[]) => items.map((item) => item.email);
  const listed = async (filter: SuppressionFilter, expiryDays: number | null = null) =>
    (await repository(expiryDays).list(filter, { limit: 100, offset: 0 })).items.map((item) => item.email);

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 10 });
  });

  afterAll(async () => {
    await db.close();
  });

  beforeEach(async () => {
    await db.sql(EMPTY_DATA_TABLES);
  });

  describe('with a few suppressions of every kind', () => {
    let subscriberId: number;

    beforeEach(async () => {
      subscriberId = await subscriber('hard@example.com', 'bounced', 'hard-bounce', jan(5));
      await subscriber('active@example.com', 'active', null, jan(6));
      await addressState('complained@other.org', 'unsubscribed', 'complaint', jan(7));
      await addressState('soft@example.com', 'bounced', 'soft-bounce-threshold', jan(3));
      await addressState('manual@other.org', 'bounced', 'manual', jan(9));
      await addressState('unknown@example.com', 'bounced', null, null);
    });

    it('lists every suppressed address, with a subscriber or not, newest suppression first, and the exact total', async () => {
      const page = await repository().list({}, { limit: 100, offset: 0 });
      expect(emailsOf(page.items)).toEqual(['manual@other.org', 'complained@other.org', 'hard@example.com', 'soft@example.com', 'unknown@example.com']);
      expect(page.total).toBe(5);
      expect(page.next).toBeNull();
      expect(page.items[2]).toEqual({
        email: 'hard@example.com',
        status: 'bounced',
        origin: 'bounce',
        reason: 'hard-bounce',
        note: null,
        subscriberId,
        suppressedAt: jan(5),
      });
      expect(page.items[4]).toMatchObject({ origin: null, reason: null, suppressedAt: null, subscriberId: null });
    });

    it.each<[string, SuppressionFilter, string[]]>([
      ['addresses', { emails: ['soft@example.com', 'active@example.com'] }, ['soft@example.com']],
      ['domains', { domains: ['other.org'] }, ['manual@other.org', 'complained@other.org']],
      ['statuses', { statuses: ['unsubscribed'] }, ['complained@other.org']],
      ['reasons', { reasons: ['soft-bounce-threshold', 'manual'] }, ['manual@other.org', 'soft@example.com']],
      ['origins', { origins: ['bounce'] }, ['hard@example.com', 'soft@example.com']],
      ['origins', { origins: ['complaint', 'import'] }, ['complained@other.org']],
      ['times, from included and to excluded', { from: jan(5), to: jan(9) }, ['complained@other.org', 'hard@example.com']],
      ['several fields at once', { domains: ['example.com'], statuses: ['bounced'], from: jan(4) }, ['hard@example.com']],
    ])('filters by %s', async (_what, filter, emails) => {
      expect(await listed(filter)).toEqual(emails);
      expect((await repository().list(filter, { limit: 1, offset: 0 })).total).toBe(emails.length);
    });

    it('leaves out a suppression by the soft threshold that has lapsed', async () => {
      expect(await listed({}, 14)).toEqual(['manual@other.org', 'complained@other.org', 'hard@example.com', 'unknown@example.com']);
      expect(await listed({}, 60)).toContain('soft@example.com');
    });

    it('pages by offset and by cursor alike, the cursor continuing where the page before stopped', async () => {
      const byOffset = await repository().list({}, { limit: 2, offset: 2 });
      expect(emailsOf(byOffset.items)).toEqual(['hard@example.com', 'soft@example.com']);
      const first = await repository().list({}, { limit: 2, offset: 0 });
      const second = await repository().list({}, { limit: 2, after: first.next! });
      const third = await repository().list({}, { limit: 2, after: second.next! });
      expect(emailsOf([...first.items, ...second.items, ...third.items])).toEqual(emailsOf((await repository().list({}, { limit: 100, offset: 0 })).items));
      expect(third.next).toBeNull();
      expect([first.total, second.total, third.total, second.offset]).toEqual([5, 5, 5, 0]);
    });

    it('streams every matching suppression in the list’s order, a batch at a time', async () => {
      const streamed: Suppression[] = [];
      for await (const item of repository().streamAll({ domains: ['example.com'] }, 1)) streamed.push(item);
      expect(emailsOf(streamed)).toEqual(['hard@example.com', 'soft@example.com', 'unknown@example.com']);
    });
  });

  it('shows a note only with the added suppression it was given with, not after the policy or a re-activation changed the address', async () => {
    await subscriber('later-complained@example.com', 'unsubscribed', 'complaint', jan(5));
    await db.sql(`update subscribers set suppression_note = 'from an old manual entry'`);
    await addressState('noted@example.com', 'bounced', 'import', jan(6));
    await db.sql(`update address_states set suppression_note = 'imported from SES'`);
    const page = await repository().list({}, { limit: 10, offset: 0 });
    expect(page.items.map((item) => [item.email, item.note])).toEqual([
      ['noted@example.com', 'imported from SES'],
      ['later-complained@example.com', null],
    ]);
  });

  it('pages through suppressions of the same time, to the microsecond, without losing or repeating any', async () => {
    await db.sql(
      `insert into address_states (email, status, suppressed_by, status_changed_at)
       select 'a' || n || '@example.com', 'bounced', 'hard-bounce', timestamptz '2026-01-10 12:00:00.123456+00' from generate_series(1, 7) n`,
    );
    await subscriber('s@example.com', 'bounced', 'manual', new Date('2026-01-10T12:00:00.123Z'));
    const seen: string[] = [];
    let page = await repository().list({}, { limit: 3, offset: 0 });
    for (;;) {
      seen.push(...emailsOf(page.items));
      if (page.next === null) break;
      page = await repository().list({}, { limit: 3, after: page.next });
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen[7]).toBe('s@example.com');
  });

  it('adds and removes through the real locks: notes kept with the state, changes recorded with the actor', async () => {
    const id = await subscriber('sub@example.com', 'active', null, null);
    const transactions = new PostgresTransactionRunner(db.orm.em);
    const addresses = new PostgresAddressStateRepository(db.orm.em);
    const log = new PostgresStatusChangeLog(db.orm.em);
    const expiry = new SoftSuppressionExpiry(null);
    const notifier = new RecordingStatusChangeNotifier();
    const add = new AddSuppressions(transactions, addresses, repository(), log, notifier, clock, expiry, new PostgresOutbox(db.orm.em));
    const remove = new RemoveSuppressions(transactions, addresses, repository(), log, notifier, clock, expiry, new PostgresOutbox(db.orm.em));

    await add.execute({
      entries: [
        { email: 'sub@example.com', status: 'bounced', note: 'ticket 42?' },
        { email: 'lone@example.com', status: 'unsubscribed', note: 'asked' },
      ],
      origin: 'manual',
      actor: 'ops-console',
    });
    const page = await repository().list({ origins: ['manual'] }, { limit: 10, offset: 0 });
    expect(page.items).toEqual([
      { email: 'sub@example.com', status: 'bounced', origin: 'manual', reason: 'manual', note: 'ticket 42?', subscriberId: id, suppressedAt: now },
      { email: 'lone@example.com', status: 'unsubscribed', origin: 'manual', reason: 'manual', note: 'asked', subscriberId: null, suppressedAt: now },
    ]);

    expect(await remove.execute({ emails: ['sub@example.com', 'lone@example.com'], includeComplaints: false, actor: 'ops-console' })).toEqual([
      { email: 'sub@example.com', result: 'removed' },
      { email: 'lone@example.com', result: 'kept_complaint' },
    ]);
    const [row] = await db.sql<{ status: string; suppression_note: string | null; suppression_origin: string | null }>(
      `select status, suppression_note, suppression_origin from subscribers where id = ?`,
      [id],
    );
    expect(row).toEqual({ status: 'active', suppression_note: null, suppression_origin: null });
    const changes = await db.sql<{ email: string; reason: string; actor: string; status: string }>(
      'select email, reason, actor, status from status_changes order by id',
    );
    expect(changes).toEqual([
      { email: 'sub@example.com', reason: 'manual', actor: 'ops-console', status: 'bounced' },
      { email: 'lone@example.com', reason: 'manual', actor: 'ops-console', status: 'unsubscribed' },
      { email: 'sub@example.com', reason: 'reactivation', actor: 'ops-console', status: 'active' },
    ]);
  });
});
