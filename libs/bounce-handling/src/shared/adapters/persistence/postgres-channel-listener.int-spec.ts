import { Client } from 'pg';
import { TcpProxy } from '../../../../../../test/support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/support/test-database';
import { PostgresChannelListener } from './postgres-channel-listener';

const SETTINGS = { reconnectMs: 100, probeMs: 150, probeTimeoutMs: 300 };

/** Waits for `condition`, checking every 20 ms, and fails after `withinMs`. */
async function until(condition: () => boolean, withinMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + withinMs; !condition(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error(`not true within ${withinMs} ms: ${condition.toString()}`);
  }
}

describe('PostgresChannelListener on PostgreSQL', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let proxiedUrl: string;
  let notifier: Client;
  let listener: PostgresChannelListener;
  let changes: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ proxy, url: proxiedUrl } = await TcpProxy.inFrontOfDatabase(database.url));
    notifier = new Client({ connectionString: database.url });
    await notifier.connect();
  });

  beforeEach(async () => {
    changes = 0;
    await proxy.start();
    listener = new PostgresChannelListener(
      () => ({ connectionString: proxiedUrl }),
      'test_changes',
      () => (changes += 1),
      SETTINGS,
    );
  });

  afterEach(async () => {
    await listener.stop();
  });

  afterAll(async () => {
    await notifier.end();
    await proxy.stop();
    await database.drop();
  });

  it('listens once started, and tells of every notification on its channel committed by another session', async () => {
    await listener.start();
    expect(listener.listening).toBe(true);
    const atStart = changes;
    await notifier.query(`select pg_notify('test_changes', '')`);
    await notifier.query(`select pg_notify('other_channel', '')`);
    await until(() => changes >= atStart + 1);
    await notifier.query('begin');
    await notifier.query(`select pg_notify('test_changes', '')`);
    await notifier.query('rollback');
    await notifier.query(`select pg_notify('test_changes', '')`);
    await until(() => changes >= atStart + 2);
    // Notifications come in order: had the rolled-back one been told, this one would make it four.
    await notifier.query(`select pg_notify('test_changes', '')`);
    await until(() => changes >= atStart + 3);
    expect(changes).toBe(atStart + 3);
  });

  it('stops listening when its connection is cut, then listens again and tells of a change, since what changed meanwhile was not told', async () => {
    await listener.start();
    const atStart = changes;
    await proxy.stop();
    await until(() => !listener.listening);
    await proxy.start();
    await until(() => listener.listening);
    expect(changes).toBe(atStart + 1);
  });

  it('stops listening when its connection no longer answers (a silent death), found by its probe', async () => {
    await listener.start();
    proxy.pause();
    await until(() => !listener.listening);
    await proxy.stop();
    await proxy.start();
    await until(() => listener.listening);
  });

  it('does not listen while the database cannot be reached, and listens once it can', async () => {
    await proxy.stop();
    await listener.start();
    expect(listener.listening).toBe(false);
    await proxy.start();
    await until(() => listener.listening);
  });

  it('stops for good when stopped', async () => {
    await listener.start();
    await listener.stop();
    expect(listener.listening).toBe(false);
    const atStop = changes;
    await notifier.query(`select pg_notify('test_changes', '')`);
    await new Promise((resolve) => setTimeout(resolve, SETTINGS.reconnectMs * 3));
    expect([listener.listening, changes]).toEqual([false, atStop]);
  });
});
