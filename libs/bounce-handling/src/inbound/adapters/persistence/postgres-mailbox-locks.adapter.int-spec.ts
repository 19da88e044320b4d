import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { PostgresMailboxLocks } from './postgres-mailbox-locks.adapter';

const MAILBOX = 'imap://bounces@mail.example.com:993/INBOX';

describe('PostgresMailboxLocks (PostgreSQL advisory locks)', () => {
  let db: TestOrm;
  // Two processes: each round takes a connection of its own, a session of PostgreSQL.
  let first: PostgresMailboxLocks;
  let second: PostgresMailboxLocks;

  beforeAll(async () => {
    db = await openTestOrm();
    first = new PostgresMailboxLocks(db.orm.em);
    second = new PostgresMailboxLocks(db.orm.em.fork());
  });

  afterAll(async () => {
    await db?.close();
  });

  /** Whether `locks` gets the turn of `mailbox` now. */
  const getsTurn = async (locks: PostgresMailboxLocks, mailbox = MAILBOX) => (await locks.whileHeld(mailbox, async () => 'ran')) === 'ran';

  it('runs no round of another process while one holds the turn, and one again once it ends', async () => {
    const during = await first.whileHeld(MAILBOX, () => Promise.all([getsTurn(second), getsTurn(second, `${MAILBOX}/Other`)]));

    expect(during).toEqual([false, true]); // that mailbox's turn is taken, another mailbox's is not
    expect(await getsTurn(second)).toBe(true);
  });

  it('gives the turn back when the round fails', async () => {
    await expect(first.whileHeld(MAILBOX, () => Promise.reject(new Error('The IMAP server went away')))).rejects.toThrow('The IMAP server went away');

    expect(await getsTurn(second)).toBe(true);
  });

  it('loses the turn with its connection, as a process killed mid-round does', async () => {
    const ended = first.whileHeld(MAILBOX, async () => {
      // The holder's server process ends, as when its client is killed.
      await db.sql(
        `select pg_terminate_backend(l.pid) from pg_locks l where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())`,
      );
      return getsTurn(second);
    });

    await expect(ended).resolves.toBe(true);
  });
});
