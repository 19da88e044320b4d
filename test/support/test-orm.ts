import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { closeConnectionPool } from '../../libs/bounce-handling/src/shared/adapters/persistence/postgres-connection-pool';
import type { DatabaseTimeouts } from '../../src/config/app-config';
import { mikroOrmOptions } from '../../src/database/mikro-orm.options';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestOrm {
  readonly orm: MikroORM;
  readonly database: TestDatabase;
  /** Runs a statement outside any transaction (fixtures and assertions). */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** The names of a table's columns, in name order (what a migration added or took away). */
  columnsOf(table: string): Promise<string[]>;
  /** Closes the library's connection pool and MikroORM, and drops the database. */
  close(): Promise<void>;
}

/**
 * The bounds of a spec that runs migrations itself (up and down): none on statements, as the
 * service runs them (`applyPendingMigrations`), since a backfill may take longer than a request may.
 */
export const MIGRATION_TIMEOUTS: DatabaseTimeouts = { acquireMs: 5_000, connectMs: 3_000, statementMs: 3_600_000 };

export interface TestOrmOptions {
  readonly poolSize?: number;
  readonly overrides?: Partial<Options>;
  /** The host's timeouts, when not its defaults. */
  readonly timeouts?: DatabaseTimeouts;
  /** Connects to this port of the database server's host (a `TcpProxy` in front of it). */
  readonly port?: number;
}

/**
 * MikroORM on a database of its own, for integration specs of the MikroORM adapters: the host's
 * options, with a pool of `poolSize` and any other `overrides`.
 */
export async function openTestOrm(options: TestOrmOptions = {}): Promise<TestOrm> {
  const database = await createTestDatabase();
  const url = new URL(database.url);
  if (options.port !== undefined) url.port = String(options.port);
  const orm = await MikroORM.init(mikroOrmOptions(url.toString(), { pool: { min: 0, max: options.poolSize ?? 10 }, ...options.overrides }, options.timeouts));
  const sql: TestOrm['sql'] = (query, params = []) => orm.em.execute(query, params);
  return {
    orm,
    database,
    sql,
    columnsOf: async (table) =>
      (
        await sql<{ column_name: string }>(
          'select column_name from information_schema.columns where table_schema = current_schema() and table_name = ? order by column_name',
          [table],
        )
      ).map((row) => row.column_name),
    close: async () => {
      await closeConnectionPool(orm.em);
      await orm.close(true);
      await database.drop();
    },
  };
}
