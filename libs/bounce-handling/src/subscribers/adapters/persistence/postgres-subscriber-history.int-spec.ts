import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { EMPTY_DATA_TABLES } from '../../../../../../test/support/test-database';
import { PostgresStatusChangeLog } from '../../../shared/adapters/persistence/postgres-status-change-log.adapter';
import type { StatusChange } from '../../../shared/domain/status-change';
import { PostgresSubscriberHistory } from './postgres-subscriber-history.adapter';

describe('a subscriber’s history on PostgreSQL', () => {
  let db: TestOrm;
  let history: PostgresSubscriberHistory;
  let log: PostgresStatusChangeLog;
  const change = (email: string, at: string, fields: Partial<StatusChange> = {}): StatusChange => ({
    email,
    subscriberId: null,
    previousStatus: 'active',
    status: 'bounced',
    reason: 'hard-bounce',
    bounceId: null,
    occurredAt: new Date(at),
    ...fields,
  });

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 4 });
    history = new PostgresSubscriberHistory(db.orm.em);
    log = new PostgresStatusChangeLog(db.orm.em);
  });

  afterAll(async () => {
    await db.close();
  });

  beforeEach(async () => {
    await db.sql(EMPTY_DATA_TABLES);
  });

  it('reads back what the log recorded for the address, newest first, the later of two at the same time first, with actor and total', async () => {
    await log.record(change('x@example.com', '2026-01-01T00:00:00Z'), null);
    await log.record(change('other@example.com', '2026-01-02T00:00:00Z'), null);
    await log.recordAll(
      [
        change('x@example.com', '2026-01-03T00:00:00Z', { previousStatus: 'bounced', status: 'active', reason: 'reactivation' }),
        change('x@example.com', '2026-01-03T00:00:00Z', { status: 'unsubscribed', reason: 'manual' }),
      ],
      'ops console',
    );
    const page = await history.listOf('x@example.com', { limit: 2, offset: 0 });
    expect(page.items.map((item) => [item.reason, item.actor, item.previousStatus, item.status])).toEqual([
      ['manual', 'ops console', 'active', 'unsubscribed'],
      ['reactivation', 'ops console', 'bounced', 'active'],
    ]);
    expect(page.items[0]).toMatchObject({ email: 'x@example.com', subscriberId: null, bounceId: null, occurredAt: new Date('2026-01-03T00:00:00Z') });
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect((await history.listOf('x@example.com', { limit: 2, offset: 2 })).items.map((item) => item.reason)).toEqual(['hard-bounce']);
  });

  it('answers an empty page for an address with no history', async () => {
    expect(await history.listOf('nobody@example.com', { limit: 20, offset: 0 })).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
  });
});
