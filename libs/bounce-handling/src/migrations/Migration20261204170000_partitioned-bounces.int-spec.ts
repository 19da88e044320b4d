import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';

/**
 * The migration on a database that already holds bounces: they move into monthly partitions with
 * their ids, their dedupe keys with them, the counters still exact; new bounces go on from the
 * last id; and it can be reverted.
 */
describe('Migration20261204170000_PartitionedBounces', () => {
  let db: TestOrm;

  const partitionsOfBounces = async (): Promise<string[]> =>
    (
      await db.sql<{ name: string }>(
        `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'bounces'::regclass order by 1`,
      )
    ).map((row) => row.name);

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 1, timeouts: MIGRATION_TIMEOUTS });
    await db.orm.getMigrator().down({ to: 'Migration20261204160000_TableChanges' });
  });

  afterAll(async () => {
    await db.close();
  });

  it('reverts to one table of bounces, unique by provider event', async () => {
    expect(await partitionsOfBounces()).toEqual([]);
    await db.sql(`insert into bounces (email, bounce_type, source, provider_event_id) values ('a@example.com', 'hard', 'ses', 'e-0')`);
    await expect(db.sql(`insert into bounces (email, bounce_type, source, provider_event_id) values ('b@example.com', 'hard', 'ses', 'e-0')`)).rejects.toThrow(
      /bounces_source_provider_event_id_unique/,
    );
    await db.sql('truncate bounces restart identity cascade');
  });

  it('moves the stored bounces into monthly partitions with their ids, keys, counters and status changes, and goes on from the last id', async () => {
    // 40 bounces, one every 10 days from 2025-01-05: they span 14 months. Every other one has a dedupe key.
    await db.sql(
      `insert into bounces (email, bounce_type, source, provider_event_id, created_at)
       select 'user' || n || '@example.com', 'hard', 'ses', case when n % 2 = 0 then 'e-' || n end,
              timestamptz '2025-01-05T00:00:00Z' + n * interval '10 days'
         from generate_series(1, 40) as n`,
    );
    await db.sql(`delete from bounces where id = 40`); // the sequence is ahead of the highest id
    await db.sql(
      `insert into status_changes (email, previous_status, status, reason, bounce_id) values ('user3@example.com', 'active', 'bounced', 'hard-bounce', 3)`,
    );
    const before = await db.sql<{ id: string; email: string; created_at: Date }>('select id, email, created_at from bounces order by id');

    await db.orm.getMigrator().up();

    expect(await db.sql<{ id: string; email: string; created_at: Date }>('select id, email, created_at from bounces order by id')).toEqual(before);
    const months = (await partitionsOfBounces()).filter((name) => name !== 'bounces_default');
    expect(months[0]).toBe('bounces_2025_01');
    expect(months).toContain('bounces_2026_01');
    const now = new Date();
    const inTwoMonths = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
    expect(months.at(-1)).toBe(`bounces_${inTwoMonths.getUTCFullYear()}_${String(inTwoMonths.getUTCMonth() + 1).padStart(2, '0')}`);
    expect(await partitionsOfBounces()).toContain('bounces_default');
    // Every bounce in the partition of its month.
    const misplaced = await db.sql(`select id from bounces where tableoid::regclass::text <> 'bounces_' || to_char(created_at at time zone 'UTC', 'YYYY_MM')`);
    expect(misplaced).toEqual([]);

    expect(await db.sql('select source, provider_event_id, bounce_id::int, created_at from bounce_dedupe_keys order by bounce_id')).toEqual(
      (await db.sql<{ id: string; created_at: Date }>('select id, created_at from bounces where provider_event_id is not null order by id')).map((row) => ({
        source: 'ses',
        provider_event_id: `e-${row.id}`,
        bounce_id: Number(row.id),
        created_at: row.created_at,
      })),
    );
    expect(await db.sql('select sum(count)::int as n from bounce_counters')).toEqual([{ n: 39 }]);
    expect(await db.sql('select bounce_id::int from status_changes')).toEqual([{ bounce_id: 3 }]);

    const [{ id }] = await db.sql<{ id: string }>(`insert into bounces (email, bounce_type, source) values ('new@example.com', 'soft', 'api') returning id`);
    expect(Number(id)).toBe(41);
    expect(await db.sql('select sum(count)::int as n from bounce_counters')).toEqual([{ n: 40 }]);
    await db.sql(`delete from bounces where id = 2`);
    expect(await db.sql('select sum(count)::int as n from bounce_counters')).toEqual([{ n: 39 }]);
    expect(await db.sql(`select bounce_id from bounce_dedupe_keys where provider_event_id = 'e-2'`)).toEqual([]);
  });

  it('keeps a bounce whose month has no partition in the default partition', async () => {
    await db.sql(`insert into bounces (email, bounce_type, source, created_at) values ('old@example.com', 'hard', 'api', '2019-06-01T00:00:00Z')`);
    expect(await db.sql(`select tableoid::regclass::text as partition from bounces where email = 'old@example.com'`)).toEqual([
      { partition: 'bounces_default' },
    ]);
  });

  it('reverts with the bounces and their ids, unique by provider event again', async () => {
    const before = await db.sql('select id, email, created_at from bounces order by id');
    await db.orm.getMigrator().down({ to: 'Migration20261204160000_TableChanges' });
    expect(await partitionsOfBounces()).toEqual([]);
    expect(await db.sql('select id, email, created_at from bounces order by id')).toEqual(before);
    await expect(db.sql(`insert into bounces (email, bounce_type, source, provider_event_id) values ('b@example.com', 'hard', 'ses', 'e-4')`)).rejects.toThrow(
      /bounces_source_provider_event_id_unique/,
    );
    await db.orm.getMigrator().up();
  });
});
