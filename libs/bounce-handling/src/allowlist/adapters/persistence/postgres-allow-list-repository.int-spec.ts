import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import type { AllowListEntry } from '../../domain/allow-list-entry';
import { PostgresAllowListRepository } from './postgres-allow-list-repository.adapter';

describe('PostgresAllowListRepository on PostgreSQL', () => {
  let db: TestOrm;
  let allowList: PostgresAllowListRepository;
  const jan = new Date('2026-01-01T08:00:00Z');
  const feb = new Date('2026-02-01T08:00:00Z');
  const entry = (pattern: string, fields: Partial<AllowListEntry> = {}): AllowListEntry => ({
    pattern,
    kind: pattern.startsWith('@') ? 'domain' : 'address',
    note: null,
    addedBy: null,
    createdAt: jan,
    ...fields,
  });

  beforeAll(async () => {
    db = await openTestOrm();
    allowList = new PostgresAllowListRepository(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql('truncate allowlist_entries');
  });

  afterAll(async () => {
    await db.close();
  });

  it('adds an entry with its note, who added it and when, and says it was created', async () => {
    const added = entry('seed@example.com', { note: 'L’inbox « seed » — 100 % ?', addedBy: 'ops key' });
    expect(await allowList.add(added)).toEqual({ entry: added, created: true });
    expect(await db.sql('select pattern, note, added_by, extract(epoch from created_at)::int as created_at from allowlist_entries')).toEqual([
      { pattern: 'seed@example.com', note: 'L’inbox « seed » — 100 % ?', added_by: 'ops key', created_at: jan.getTime() / 1000 },
    ]);
  });

  it('keeps an entry already there as it was and says it was not created', async () => {
    await allowList.add(entry('@example.com', { note: 'first', addedBy: 'ops' }));
    expect(await allowList.add(entry('@example.com', { note: 'second', addedBy: 'other', createdAt: feb }))).toEqual({
      entry: entry('@example.com', { note: 'first', addedBy: 'ops' }),
      created: false,
    });
    expect(await db.sql('select count(*)::int as n from allowlist_entries')).toEqual([{ n: 1 }]);
  });

  it('adds a pattern exactly once when ten additions of it race', async () => {
    const added = await Promise.all(Array.from({ length: 10 }, (_, n) => allowList.add(entry('@race.example', { note: `n${n}` }))));
    expect(added.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(added.map((result) => result.entry.note)).size).toBe(1);
    expect(await db.sql('select count(*)::int as n from allowlist_entries')).toEqual([{ n: 1 }]);
  });

  it('removes an entry, and says when there was none', async () => {
    await allowList.add(entry('seed@example.com'));
    expect(await allowList.remove('seed@example.com')).toBe(true);
    expect(await allowList.remove('seed@example.com')).toBe(false);
    expect(await db.sql('select count(*)::int as n from allowlist_entries')).toEqual([{ n: 0 }]);
  });

  it('lists newest first, then by pattern, with the exact total', async () => {
    await allowList.add(entry('b@example.com', { createdAt: jan }));
    await allowList.add(entry('@example.org', { createdAt: feb }));
    await allowList.add(entry('a@example.com', { createdAt: jan }));
    const page = await allowList.list({ limit: 2, offset: 1 });
    expect(page).toEqual({ items: [entry('a@example.com'), entry('b@example.com')], total: 3, limit: 2, offset: 1 });
    expect((await allowList.list({ limit: 20, offset: 0 })).items.map((item) => item.pattern)).toEqual(['@example.org', 'a@example.com', 'b@example.com']);
  });

  it('finds which of many patterns are on the list in one look-up of exact keys', async () => {
    await allowList.add(entry('seed@example.com'));
    await allowList.add(entry('@test.example.org'));
    expect(await allowList.existing(['seed@example.com', '@example.com', 'x@test.example.org', '@test.example.org', '@sub.test.example.org'])).toEqual(
      new Set(['seed@example.com', '@test.example.org']),
    );
    expect(await allowList.existing([])).toEqual(new Set());
  });

  it('looks patterns up by the primary key’s index', async () => {
    await db.sql(`insert into allowlist_entries (pattern, created_at) select 'user' || n || '@example.com', now() from generate_series(1, 5000) n`);
    await db.sql('analyze allowlist_entries');
    const plan = await db.sql<{ 'QUERY PLAN': string }>(
      `explain (format text) select "pattern" from "allowlist_entries" where "pattern" = any('{user1@example.com,@example.com}'::varchar[])`,
    );
    const text = plan.map((line) => line['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index (Only )?Scan (using|on) allowlist_entries_pkey/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('reads what a concurrent transaction committed, inside a transaction of its own', async () => {
    const transactions = new PostgresTransactionRunner(db.orm.em);
    await allowList.add(entry('@example.com'));
    expect(await transactions.run(() => allowList.existing(['@example.com']))).toEqual(new Set(['@example.com']));
  });
});
