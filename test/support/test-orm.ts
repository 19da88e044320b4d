import { MikroORM } from '@mikro-orm/postgresql';
import { mikroOrmOptions } from '../../src/database/mikro-orm.options';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestOrm {
  readonly orm: MikroORM;
  readonly database: TestDatabase;
  /** Runs a statement outside any transaction (fixtures and assertions). */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** MikroORM on a database of its own, for integration specs of the MikroORM adapters. */
export async function openTestOrm(options: { poolSize?: number } = {}): Promise<TestOrm> {
  const database = await createTestDatabase();
  const orm = await MikroORM.init(mikroOrmOptions(database.url, { pool: { min: 0, max: options.poolSize ?? 10 } }));
  return {
    orm,
    database,
    sql: (query, params = []) => orm.em.execute(query, params),
    close: async () => {
      await orm.close(true);
      await database.drop();
    },
  };
}
