import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { closeConnectionPool } from '../../libs/bounce-handling/src/shared/adapters/persistence/postgres-connection-pool';
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
 * MikroORM on a database of its own, for integration specs of the MikroORM adapters: the host's
 * options, with a pool of `poolSize` and any other `overrides`.
 */
export async function openTestOrm(options: { poolSize?: number; overrides?: Partial<Options> } = {}): Promise<TestOrm> {
  const database = await createTestDatabase();
  const orm = await MikroORM.init(mikroOrmOptions(database.url, { pool: { min: 0, max: options.poolSize ?? 10 }, ...options.overrides }));
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
