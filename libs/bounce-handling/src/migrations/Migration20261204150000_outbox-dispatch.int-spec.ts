import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';

/**
 * The migration on a database whose events were written with their deliveries: those are
 * dispatched already, and the worker gives none of them another delivery.
 */
describe('Migration20261204150000_OutboxDispatch', () => {
  let db: TestOrm;

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 1, timeouts: MIGRATION_TIMEOUTS });
    await db.orm.getMigrator().down({ to: 'Migration20261204150000_OutboxDispatch' });
  });

  afterAll(async () => {
    await db.close();
  });

  it('reverts to the outbox columns of before', async () => {
    expect(await db.columnsOf('outbox_events')).not.toContain('dispatched_at');
    expect(await db.columnsOf('outbox_events')).not.toContain('last_endpoint_id');
  });

  it('marks dispatched the events stored with their deliveries, and leaves the others to the worker', async () => {
    await db.sql(`insert into webhook_endpoints (id, url, events, secret, created_at) values (1, 'https://a.example', '{bounce.recorded}', 'whsec_x', now())`);
    await db.sql(`insert into outbox_events (id, type, occurred_at, payload) values (1, 'bounce.recorded', now(), '{}'), (2, 'bounce.recorded', now(), '{}')`);
    await db.sql(`insert into webhook_deliveries (event_id, endpoint_id, next_attempt_at) values (1, 1, now())`);

    await db.orm.getMigrator().up();

    expect(await db.sql('select id, dispatched_at is not null as dispatched, last_endpoint_id from outbox_events order by id')).toEqual([
      { id: '1', dispatched: true, last_endpoint_id: null },
      { id: '2', dispatched: false, last_endpoint_id: null },
    ]);
    expect(await db.sql(`select indexdef from pg_indexes where indexname = 'outbox_events_undispatched_index'`)).toEqual([
      { indexdef: expect.stringContaining('WHERE (dispatched_at IS NULL)') },
    ]);
  });
});
