import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';

/**
 * The messages that soft-bounced, per address, kept by triggers on `bounces` (policy rule 5's
 * look-up: one index, however many months of bounces are kept).
 */
describe('Migration20261205000000_SoftBouncedMessages', () => {
  let db: TestOrm;

  const insertBounces = (rows: readonly { email: string; type: 'soft' | 'hard'; message: string | null; at: string }[]) =>
    db.sql(
      `insert into bounces (email, bounce_type, provider_message_id, reason, category, source, created_at)
       select r.email, r.type, r.message, 'undetermined', 'undetermined', 'ses', r.at::timestamptz
         from jsonb_to_recordset(?::jsonb) as r(email text, type text, message text, at text)`,
      [JSON.stringify(rows)],
    );
  const kept = () =>
    db.sql(
      `select email, provider_message_id as message, to_char(last_bounce_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at from soft_bounced_messages order by email, provider_message_id`,
    );

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 2, timeouts: MIGRATION_TIMEOUTS });
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.sql('truncate bounces');
  });

  it("keeps each address's soft-bounced messages once, with the latest time, several of one message in one statement; not hard bounces, nor soft ones without a message", async () => {
    await insertBounces([
      { email: 'a@example.com', type: 'soft', message: 'm1', at: '2026-11-01T10:00:00Z' },
      { email: 'a@example.com', type: 'soft', message: 'm1', at: '2026-12-01T10:00:00Z' },
      { email: 'a@example.com', type: 'hard', message: 'm2', at: '2026-12-01T10:00:00Z' },
      { email: 'b@example.com', type: 'soft', message: null, at: '2026-12-01T10:00:00Z' },
    ]);
    await insertBounces([{ email: 'b@example.com', type: 'soft', message: 'm1', at: '2026-12-02T10:00:00Z' }]);
    await insertBounces([{ email: 'a@example.com', type: 'soft', message: 'm1', at: '2026-10-01T10:00:00Z' }]);
    expect(await kept()).toEqual([
      { email: 'a@example.com', message: 'm1', at: '2026-12-01T10:00:00Z' },
      { email: 'b@example.com', message: 'm1', at: '2026-12-02T10:00:00Z' },
    ]);
  });

  it('forgets a message when its last soft bounce is deleted, not before; and everything on a truncate', async () => {
    await insertBounces([
      { email: 'a@example.com', type: 'soft', message: 'm1', at: '2026-11-01T10:00:00Z' },
      { email: 'a@example.com', type: 'soft', message: 'm1', at: '2026-12-01T10:00:00Z' },
      { email: 'b@example.com', type: 'soft', message: 'm2', at: '2026-12-01T10:00:00Z' },
    ]);
    await db.sql(`delete from bounces where email = 'a@example.com' and created_at < '2026-11-15Z'`);
    expect((await kept()).map((row) => row.email)).toEqual(['a@example.com', 'b@example.com']);
    await db.sql(`delete from bounces where email = 'a@example.com'`);
    expect((await kept()).map((row) => row.email)).toEqual(['b@example.com']);
    await db.sql('truncate bounces');
    expect(await kept()).toEqual([]);
  });

  it('keeps the messages of the soft bounces already stored when applied, and can be reverted', async () => {
    await insertBounces([{ email: 'a@example.com', type: 'soft', message: 'm1', at: '2026-12-01T10:00:00Z' }]);
    await db.orm.getMigrator().down({ to: 'Migration20261204230000_AddDeliveryStatistics' });
    expect(await db.sql(`select to_regclass('soft_bounced_messages') is null as "gone"`)).toEqual([{ gone: true }]);
    await insertBounces([{ email: 'b@example.com', type: 'soft', message: 'm2', at: '2026-12-02T10:00:00Z' }]);
    await db.orm.getMigrator().up();
    expect(await kept()).toEqual([
      { email: 'a@example.com', message: 'm1', at: '2026-12-01T10:00:00Z' },
      { email: 'b@example.com', message: 'm2', at: '2026-12-02T10:00:00Z' },
    ]);
  });
});
