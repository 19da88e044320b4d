import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';

/**
 * The migration on a database that already holds states: rows are given what suppressed them
 * and the times of their run, from what the database knew; and it can be reverted.
 */
describe('Migration20261203120000_SuppressionCauseAndSoftBounceTimes', () => {
  let db: TestOrm;
  const jan10 = new Date('2026-01-10T12:00:00Z');

  const lockResult = async () =>
    (await db.sql<{ result: string }>("select pg_get_function_result('lock_address_states(text[])'::regprocedure) as result"))[0].result;

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 1, timeouts: MIGRATION_TIMEOUTS });
    // Down to and including this migration, whatever came after it.
    await db.orm.getMigrator().down({ to: 'Migration20261203120000_SuppressionCauseAndSoftBounceTimes' });
  });

  afterAll(async () => {
    await db.close();
  });

  it('reverts to the state columns and the lock function of before', async () => {
    expect(await db.columnsOf('address_states')).not.toContain('suppressed_by');
    expect(await db.columnsOf('subscribers')).not.toContain('soft_bounce_times');
    expect(await lockResult()).not.toContain('soft_bounce_times');
  });

  it('gives the states already stored what suppressed them and the times of their run, then lock_address_states answers both', async () => {
    await db.sql(
      `insert into subscribers (email, status, consecutive_soft_bounces, last_bounce_at, status_changed_at) values
         ('counting@example.com', 'active', 2, ?, null),
         ('counting-untimed@example.com', 'active', 1, null, null),
         ('hard-after-soft@example.com', 'bounced', 3, ?, ?),
         ('complained@example.com', 'unsubscribed', 0, ?, ?),
         ('unknown@example.com', 'bounced', 0, null, null)`,
      [jan10, jan10, jan10, jan10, jan10],
    );
    await db.sql(
      `insert into address_states (email, status, consecutive_soft_bounces, last_bounce_at, status_changed_at) values ('lone@example.com', 'bounced', 3, ?, ?)`,
      [jan10, jan10],
    );
    await db.sql(
      `insert into status_changes (email, previous_status, status, reason, created_at) values
         ('hard-after-soft@example.com', 'active', 'bounced', 'soft-bounce-threshold', '2026-01-01T00:00:00Z'),
         ('hard-after-soft@example.com', 'bounced', 'active', 'reactivation', '2026-01-05T00:00:00Z'),
         ('hard-after-soft@example.com', 'active', 'bounced', 'hard-bounce', '2026-01-10T12:00:00Z'),
         ('complained@example.com', 'active', 'bounced', 'hard-bounce', '2026-01-01T00:00:00Z'),
         ('complained@example.com', 'bounced', 'unsubscribed', 'complaint', '2026-01-10T12:00:00Z'),
         ('lone@example.com', 'active', 'bounced', 'soft-bounce-threshold', '2026-01-10T12:00:00Z')`,
    );

    await db.orm.getMigrator().up();

    const rows = await db.sql<{ email: string; soft_bounce_times: string[]; suppressed_by: string | null }>(
      `select email, soft_bounce_times, suppressed_by from subscribers union all select email, soft_bounce_times, suppressed_by from address_states order by email`,
    );
    expect(rows.map((row) => ({ ...row, soft_bounce_times: row.soft_bounce_times.map((at) => new Date(at)) }))).toEqual([
      { email: 'complained@example.com', soft_bounce_times: [], suppressed_by: 'complaint' },
      { email: 'counting-untimed@example.com', soft_bounce_times: [], suppressed_by: null },
      { email: 'counting@example.com', soft_bounce_times: [jan10, jan10], suppressed_by: null },
      { email: 'hard-after-soft@example.com', soft_bounce_times: [jan10, jan10, jan10], suppressed_by: 'hard-bounce' },
      { email: 'lone@example.com', soft_bounce_times: [jan10, jan10, jan10], suppressed_by: 'soft-bounce-threshold' },
      { email: 'unknown@example.com', soft_bounce_times: [], suppressed_by: null },
    ]);
    const [locked] = await db.sql("select * from lock_address_states(array['lone@example.com'])");
    expect(locked).toMatchObject({ suppressed_by: 'soft-bounce-threshold', soft_bounce_times: [expect.any(String), expect.any(String), expect.any(String)] });
  });
});
