import * as net from 'node:net';
import { defineConfig, MikroORM, type MikroORM as Orm } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import { TcpProxy } from '../../../../../../test/support/tcp-proxy';
import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { adminUrl } from '../../../../../../test/support/test-database';
import { closeConnectionPool, connectionPool, type PgConnection, type PooledConnection } from './postgres-connection-pool';
import { currentTransaction, pgQuery, pgSelect } from './pg-query';
import { PostgresTransactionRunner } from './postgres-transaction-runner.adapter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pidRow = (row: unknown) => ({ pid: Number((row as { pid: unknown }).pid) });
/** The connection options the host gives MikroORM (`driverOptions.connection`). */
const hostConnectionOf = (orm: Orm) =>
  (orm.config.get('driverOptions') as { connection: { statement_timeout: number; connectionTimeoutMillis: number } }).connection;
const pidOf = async (connection: PgConnection) => pidRow((await connection.query('select pg_backend_pid() as pid')).rows[0]).pid;

describe("The library's connection pool, opened from MikroORM's configuration", () => {
  const POOL_SIZE = 2;
  let db: TestOrm;

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: POOL_SIZE });
  });

  afterAll(async () => {
    await db.close();
  });

  /** Which of `pids` are still server processes (asked on a connection of MikroORM's own pool). */
  const backends = async (pids: readonly number[]) =>
    (await db.sql<{ pid: number }>('select pid from pg_stat_activity where pid in (?)', [pids])).map((row) => row.pid);

  it('lends a pg.Client, which runs a named statement prepared on that connection', async () => {
    const connection = await connectionPool(db.orm.em).connect();
    try {
      expect(connection).toBeInstanceOf(PgClient);
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
      connection.release();
    }
  });

  it('is one pool per MikroORM instance, which its forks share', () => {
    expect(connectionPool(db.orm.em.fork())).toBe(connectionPool(db.orm.em));
  });

  it("connects as MikroORM's driver does (timestamps as text), with the host's connection options (the statement timeout)", async () => {
    const [row] = await pgSelect(
      db.orm.em,
      "select now() as at, current_setting('statement_timeout') as timeout",
      [],
      (value) => value as Record<string, unknown>,
    );
    expect(typeof row.at).toBe('string');
    expect(row.timeout).toBe(`${hostConnectionOf(db.orm).statement_timeout / 1000}s`);
  });

  it("lends at most the configuration's pool.max connections; a further borrower waits for one to come back", async () => {
    const pool = connectionPool(db.orm.em);
    const held = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.connect()));
    let next: PooledConnection | undefined;
    try {
      const waiting = pool.connect().then((connection) => (next = connection));
      await sleep(200);
      expect(next).toBeUndefined();
      const freed = await pidOf(held[0]);
      held.shift()!.release();
      await waiting;
      expect(await pidOf(next!)).toBe(freed);
    } finally {
      for (const connection of [...held, ...(next ? [next] : [])]) connection.release();
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

  it('keeps a connection whose statement failed in the database, or whose transaction its work rolled back, for the next borrower', async () => {
    const pidNow = async () => (await pgSelect(db.orm.em, 'select pg_backend_pid() as pid', [], pidRow))[0].pid;
    const before = await pidNow();
    await expect(pgQuery(db.orm.em, 'select 1 / 0')).rejects.toMatchObject({ code: '22012' });
    expect(await pidNow()).toBe(before);
    const runner = new PostgresTransactionRunner(db.orm.em);
    let inside = 0;
    await expect(
      runner.run(async () => {
        inside = (await pgSelect(db.orm.em, 'select pg_backend_pid() as pid', [], pidRow))[0].pid;
        await pgQuery(db.orm.em, 'select 1 / 0');
      }),
    ).rejects.toMatchObject({ code: '22012' });
    await expect(
      runner.run(async () => {
        throw new Error('the work gives up');
      }),
    ).rejects.toThrow('the work gives up');
    expect(await pidNow()).toBe(inside);
  });

  it('closes a connection lost between two statements of a transaction (the transaction fails) and lends live ones after it', async () => {
    let lost = 0;
    const transaction = new PostgresTransactionRunner(db.orm.em).run(async () => {
      [{ pid: lost }] = await pgSelect(db.orm.em, 'select pg_backend_pid() as pid', [], pidRow);
      await db.sql('select pg_terminate_backend(?)', [lost]);
      await sleep(200); // the connection has ended: its client reports it, with no statement to fail
      await pgQuery(db.orm.em, 'select 1');
    });
    await expect(transaction).rejects.toThrow(/not queryable|terminat/i);
    const after = await Promise.all(Array.from({ length: POOL_SIZE * 2 }, () => pgSelect(db.orm.em, 'select pg_backend_pid() as pid', [], pidRow)));
    expect(after.flat().map((row) => row.pid)).not.toContain(lost);
  });

  it('closes a connection lost while idle in the pool, saying so, and lends live ones after it', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const connection = await connectionPool(db.orm.em).connect();
      const lost = await pidOf(connection);
      connection.release();
      await db.sql('select pg_terminate_backend(?)', [lost]);
      await sleep(200);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^An idle database connection failed and was closed: /));
      const after = await Promise.all(Array.from({ length: POOL_SIZE * 2 }, () => pgSelect(db.orm.em, 'select pg_backend_pid() as pid', [], pidRow)));
      expect(after.flat().map((row) => row.pid)).not.toContain(lost);
    } finally {
      warn.mockRestore();
    }
  });

  it("ends its connections once those lent are back, and lends no more after, leaving other MikroORM instances' pools alone", async () => {
    const other = await openTestOrm({ poolSize: POOL_SIZE });
    try {
      const pool = connectionPool(other.orm.em);
      expect(pool).not.toBe(connectionPool(db.orm.em));
      const connections = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.connect()));
      const pids = await Promise.all(connections.map(pidOf));
      connections[0].release();
      let closed = false;
      const closing = closeConnectionPool(other.orm.em).then(() => (closed = true));
      await sleep(100);
      expect(closed).toBe(false); // one connection is still lent
      connections[1].release();
      await closing;
      await expect(closeConnectionPool(other.orm.em)).resolves.toBeUndefined();
      for (let waited = 0; waited < 2_000 && (await backends(pids)).length > 0; waited += 50) await sleep(50);
      expect(await backends(pids)).toEqual([]);
      await expect(pgQuery(other.orm.em, 'select 1')).rejects.toThrow('Cannot use a pool after calling end on the pool');
      await pgQuery(db.orm.em, 'select 1');
    } finally {
      await other.close();
    }
  });
});

describe("The library's connection pool, bounded by MikroORM's configuration", () => {
  it('refuses a borrower after pool.acquireTimeoutMillis when every connection stays lent', async () => {
    const db = await openTestOrm({ poolSize: 1, overrides: { pool: { min: 0, max: 1, acquireTimeoutMillis: 400 } } });
    try {
      const held = await connectionPool(db.orm.em).connect();
      const started = Date.now();
      try {
        await expect(pgQuery(db.orm.em, 'select 1')).rejects.toThrow('timeout exceeded when trying to connect');
      } finally {
        held.release();
      }
      // The bound is the wait for a connection's, not the (longer) one on opening a connection.
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(Date.now() - started).toBeLessThan(hostConnectionOf(db.orm).connectionTimeoutMillis);
      await pgQuery(db.orm.em, 'select 1');
    } finally {
      await db.close();
    }
  });

  it("gives up opening a connection after the connection's connectionTimeoutMillis, however long a borrower may wait", async () => {
    // A server that accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const orm = await MikroORM.init(
      defineConfig({
        clientUrl: `postgres://postgres:postgres@127.0.0.1:${(silent.address() as net.AddressInfo).port}/nothing`,
        entities: [],
        discovery: { warnWhenNoEntities: false },
        connect: false,
        pool: { min: 0, max: 1, acquireTimeoutMillis: 10_000 },
        driverOptions: { acquireConnectionTimeout: 10_000, connection: { connectionTimeoutMillis: 300 } },
      }),
    );
    try {
      const started = Date.now();
      await expect(pgQuery(orm.em, 'select 1')).rejects.toThrow('timeout expired');
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await closeConnectionPool(orm.em);
      await orm.close(true);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("The library's connection pool, when the database stalls (accepts, answers nothing)", () => {
  const STATEMENT_TIMEOUT_MS = 300;
  let proxy: TcpProxy;
  let db: TestOrm;

  beforeAll(async () => {
    const server = new URL(adminUrl());
    proxy = await TcpProxy.open(server.hostname, Number(server.port));
    db = await openTestOrm({ poolSize: 1, port: proxy.port, timeouts: { acquireMs: 1_000, connectMs: 1_000, statementMs: STATEMENT_TIMEOUT_MS } });
  });

  afterAll(async () => {
    proxy.release();
    await db.close();
    await proxy.stop();
  });

  const pid = async () => (await pgSelect(db.orm.em, 'select pg_backend_pid() as pid', [], pidRow))[0]!.pid;

  it('fails a statement that gets no answer, and never lends its connection again, even once the database answers it late', async () => {
    const before = await pid();
    proxy.hold();
    try {
      await expect(pgQuery(db.orm.em, 'select 1')).rejects.toThrow('Query read timeout');
    } finally {
      proxy.release();
    }
    expect(await pid()).not.toBe(before);
  });

  it('fails a transaction whose statement gets no answer, and never lends its connection again', async () => {
    const before = await pid();
    proxy.hold();
    try {
      await expect(new PostgresTransactionRunner(db.orm.em).run(() => pgQuery(db.orm.em, 'select 1'))).rejects.toThrow('Query read timeout');
    } finally {
      proxy.release();
    }
    expect(await pid()).not.toBe(before);
  });
});
