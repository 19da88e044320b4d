import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';

/**
 * The exact number of bounces of each recipient domain, kept as the list's total is
 * (`bounce_counters`): by triggers, in the transactions of the rows, so that the list filtered by
 * a domain answers its total without counting a large domain's millions of bounces.
 */
describe('Migration20261204220000_BounceDomainCounters', () => {
  let db: TestOrm;

  const insertBounces = (rows: readonly [email: string, createdAt: string][]) =>
    db.sql(
      `insert into bounces (email, bounce_type, reason, category, source, created_at)
       select r.email, 'hard', 'undetermined', 'undetermined', 'api', r.created_at::timestamptz
         from jsonb_to_recordset(?::jsonb) as r(email text, created_at text)`,
      [JSON.stringify(rows.map(([email, createdAt]) => ({ email, created_at: createdAt })))],
    );

  /** Each domain's kept total, and its rows counted, where either is not zero. */
  const totals = async () => ({
    kept: await db.sql(`select domain, sum(count)::int as n from bounce_domain_counters group by domain having sum(count) <> 0 order by domain`),
    counted: await db.sql(`select split_part(email, '@', -1) as domain, count(*)::int as n from bounces group by 1 order by 1`),
  });

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 2, timeouts: MIGRATION_TIMEOUTS });
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.sql('truncate bounces');
  });

  it('counts the bounces of each domain as they are stored, several domains in one statement', async () => {
    await insertBounces([
      ['a@one.example', '2026-12-01T10:00:00Z'],
      ['b@one.example', '2026-11-01T10:00:00Z'],
      ['c@two.example', '2026-12-01T10:00:00Z'],
    ]);
    await insertBounces([['d@one.example', '2026-12-02T10:00:00Z']]);
    const { kept, counted } = await totals();
    expect(kept).toEqual([
      { domain: 'one.example', n: 3 },
      { domain: 'two.example', n: 1 },
    ]);
    expect(kept).toEqual(counted);
  });

  it('counts down what is deleted, and empties on a truncate', async () => {
    await insertBounces([
      ['a@one.example', '2026-12-01T10:00:00Z'],
      ['b@two.example', '2026-12-01T10:00:00Z'],
      ['c@two.example', '2026-12-01T10:00:00Z'],
    ]);
    await db.sql(`delete from bounces where email = 'b@two.example'`);
    expect((await totals()).kept).toEqual([
      { domain: 'one.example', n: 1 },
      { domain: 'two.example', n: 1 },
    ]);
    await db.sql('truncate bounces');
    expect((await totals()).kept).toEqual([]);
  });

  it('follows a bounce whose address is corrected to another domain', async () => {
    await insertBounces([['a@one.example', '2026-12-01T10:00:00Z']]);
    await db.sql(`update bounces set email = 'a@two.example'`);
    const { kept, counted } = await totals();
    expect(kept).toEqual([{ domain: 'two.example', n: 1 }]);
    expect(kept).toEqual(counted);
  });

  it('counts the bounces already stored when applied, and can be reverted', async () => {
    await insertBounces([
      ['a@one.example', '2026-12-01T10:00:00Z'],
      ['b@one.example', '2026-12-01T10:00:00Z'],
    ]);
    await db.orm.getMigrator().down({ to: 'Migration20261204210000_SendabilityIndexes' });
    expect(await db.sql(`select to_regclass('bounce_domain_counters') is null as "gone"`)).toEqual([{ gone: true }]);
    await insertBounces([['c@two.example', '2026-12-01T10:00:00Z']]);
    await db.orm.getMigrator().up();
    const { kept, counted } = await totals();
    expect(kept).toEqual([
      { domain: 'one.example', n: 2 },
      { domain: 'two.example', n: 1 },
    ]);
    expect(kept).toEqual(counted);
  });
});
