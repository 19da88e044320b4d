import { Client as PgClient } from 'pg';
import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { connectionPool, type PgConnection } from './mikro-orm-connection-pool';
import { currentTransaction, pgQuery } from './pg-query';
import { PostgresTransactionRunner } from './postgres-transaction-runner.adapter';

// What connectionPool relies on in knex, as MikroORM 6 sets it up: if an upgrade changes it,
// these fail, and pgQuery needs another way to a pooled pg connection.
describe("MikroORM's connection pool, borrowed through knex's client", () => {
  let db: TestOrm;

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 1 });
  });

  afterAll(async () => {
    await db.close();
  });

  it('hands out a pg.Client of the pool and takes it back for the next borrower', async () => {
    const pool = connectionPool(db.orm.em);
    const first = await pool.acquireConnection();
    expect(first).toBeInstanceOf(PgClient);
    await pool.releaseConnection(first);
    // A pool of one: the same connection again proves the first one went back.
    const second = await pool.acquireConnection();
    try {
      expect(second).toBe(first);
    } finally {
      await pool.releaseConnection(second);
    }
  });

  it('runs a named statement on the connection it hands out, prepared on that connection', async () => {
    const pool = connectionPool(db.orm.em);
    const connection = await pool.acquireConnection();
    try {
      const name = 'mailpass_pool_probe';
      const { rows } = await connection.query({ name, text: 'select $1::int + 1 as n', values: [41] });
      expect(rows).toEqual([{ n: 42 }]);
      const prepared = await connection.query({
        name: 'mailpass_pool_probe_list',
        text: 'select name from pg_prepared_statements where name = $1',
        values: [name],
      });
      expect(prepared.rows).toEqual([{ name }]);
    } finally {
      await pool.releaseConnection(connection);
    }
  });

  it("gives pgQuery the runner's transaction connection: one pg.Client for begin, the named statement and commit", async () => {
    const query = jest.spyOn(PgClient.prototype, 'query');
    try {
      let inside: PgConnection | undefined;
      await new PostgresTransactionRunner(db.orm.em).run(async () => {
        inside = currentTransaction.getStore();
        await pgQuery(db.orm.em, 'select ?::int as n', [1]);
      });
      expect(inside).toBeInstanceOf(PgClient);
      const statements = query.mock.calls.map(([statement]) => (typeof statement === 'string' ? statement : (statement as { name?: string }).name));
      expect(statements).toEqual(['begin', expect.stringMatching(/^mailpass_[0-9a-f]{24}$/), 'commit']);
      expect(query.mock.contexts.filter((connection) => connection !== inside)).toEqual([]);
    } finally {
      query.mockRestore();
    }
  });
});
