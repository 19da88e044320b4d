import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';

/**
 * The migration on a database that already holds suppressions: each is given its origin from
 * what suppressed it, new writes keep it, and it can be reverted.
 */
describe('Migration20261204110000_SuppressionOrigin', () => {
  let db: TestOrm;
  const jan10 = new Date('2026-01-10T12:00:00Z');

  const origins = async () =>
    db.sql<{ email: string; suppression_origin: string | null }>(
      `select email, suppression_origin from subscribers union all select email, suppression_origin from address_states order by email`,
    );

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 1, timeouts: MIGRATION_TIMEOUTS });
    await db.orm.getMigrator().down({ to: 'Migration20261204110000_SuppressionOrigin' });
  });

  afterAll(async () => {
    await db.close();
  });

  it('reverts to the state columns of before', async () => {
    expect(await db.columnsOf('subscribers')).not.toContain('suppression_origin');
    expect(await db.columnsOf('address_states')).not.toContain('suppression_note');
  });

  it('gives the suppressions already stored their origin: a hard bounce or the soft threshold a bounce, a complaint a complaint', async () => {
    await db.sql(
      `insert into subscribers (email, status, suppressed_by, status_changed_at) values
         ('hard@example.com', 'bounced', 'hard-bounce', ?),
         ('soft@example.com', 'bounced', 'soft-bounce-threshold', ?),
         ('complained@example.com', 'unsubscribed', 'complaint', ?),
         ('unknown@example.com', 'bounced', null, ?),
         ('active@example.com', 'active', null, null)`,
      [jan10, jan10, jan10, jan10],
    );
    await db.sql(`insert into address_states (email, status, suppressed_by, status_changed_at) values ('lone@example.com', 'bounced', 'hard-bounce', ?)`, [
      jan10,
    ]);

    await db.orm.getMigrator().up();

    expect(await origins()).toEqual([
      { email: 'active@example.com', suppression_origin: null },
      { email: 'complained@example.com', suppression_origin: 'complaint' },
      { email: 'hard@example.com', suppression_origin: 'bounce' },
      { email: 'lone@example.com', suppression_origin: 'bounce' },
      { email: 'soft@example.com', suppression_origin: 'bounce' },
      { email: 'unknown@example.com', suppression_origin: null },
    ]);
  });

  it('keeps the origin of every later write, manual and imported suppressions included', async () => {
    await db.sql(`update subscribers set status = 'bounced', suppressed_by = 'manual' where email = 'active@example.com'`);
    await db.sql(`insert into address_states (email, status, suppressed_by) values ('imported@example.com', 'unsubscribed', 'import')`);
    await db.sql(`update subscribers set status = 'active', suppressed_by = null where email = 'hard@example.com'`);
    const byEmail = Object.fromEntries((await origins()).map((row) => [row.email, row.suppression_origin]));
    expect(byEmail).toMatchObject({ 'active@example.com': 'manual', 'imported@example.com': 'import', 'hard@example.com': null });
  });

  it('refuses a reason outside the vocabulary', async () => {
    await expect(db.sql(`update subscribers set suppressed_by = 'whim' where email = 'soft@example.com'`)).rejects.toThrow(/suppressed_by_check/);
  });
});
