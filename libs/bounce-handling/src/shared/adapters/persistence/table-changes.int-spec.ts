import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { PostgresTableChanges } from './table-changes';

/** Waits for `condition`, checking every 20 ms, and fails after 10 s. */
async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error(`not true within 10 s: ${condition.toString()}`);
  }
}

describe('PostgresTableChanges on PostgreSQL (the triggers of migration TableChanges)', () => {
  let db: TestOrm;
  let changes: PostgresTableChanges;
  const told = { api_keys: 0, allowlist_entries: 0, webhook_endpoints: 0 };

  beforeAll(async () => {
    db = await openTestOrm();
    changes = new PostgresTableChanges(db.orm.em);
    for (const table of Object.keys(told) as (keyof typeof told)[]) changes.follow(table, () => (told[table] += 1));
    await changes.onApplicationBootstrap();
  });

  afterAll(async () => {
    await changes.onApplicationShutdown();
    await db.close();
  });

  it('tells every follower when listening starts, since nothing was told before', () => {
    expect(changes.listening).toBe(true);
    expect(told).toEqual({ api_keys: 1, allowlist_entries: 1, webhook_endpoints: 1 });
  });

  it('tells of a write to each table kept in memory, whoever wrote it, and only that table', async () => {
    const before = { ...told };
    await db.sql(`insert into allowlist_entries (pattern, created_at) values ('seed@example.com', now())`);
    await until(() => told.allowlist_entries === before.allowlist_entries + 1);
    await db.sql(`insert into webhook_endpoints (url, events, secret, created_at) values ('https://hooks.example.com', '{bounce.recorded}', 'whsec_x', now())`);
    await until(() => told.webhook_endpoints === before.webhook_endpoints + 1);
    await db.sql(`insert into api_keys (name, key_hash, permissions, created_at) values ('k', repeat('a', 64), '{subscribers}', now())`);
    await until(() => told.api_keys === before.api_keys + 1);
    await db.sql(`update api_keys set revoked_at = now()`);
    await until(() => told.api_keys === before.api_keys + 2);
    await db.sql(`delete from allowlist_entries`);
    await until(() => told.allowlist_entries === before.allowlist_entries + 2);
    expect(told).toEqual({ api_keys: before.api_keys + 2, allowlist_entries: before.allowlist_entries + 2, webhook_endpoints: before.webhook_endpoints + 1 });
  });

  it('tells nobody of an API key’s last use, which authenticates nothing', async () => {
    const before = { ...told };
    await db.sql(`update api_keys set last_used_at = now()`);
    // Notices come in order: once this one is told, the one before would have been.
    await db.sql(`insert into allowlist_entries (pattern, created_at) values ('marker@example.com', now())`);
    await until(() => told.allowlist_entries === before.allowlist_entries + 1);
    expect(told.api_keys).toBe(before.api_keys);
  });
});
