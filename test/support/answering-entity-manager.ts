import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * An EntityManager whose pool answers each statement with the rows `answer` gives for its SQL:
 * for specs of what a repository makes of the rows it reads, a wrong row included, without a
 * database. Only what `pgQuery` uses of MikroORM's pool is there.
 */
export function entityManagerAnswering(answer: (sql: string) => unknown[]): EntityManager {
  const connection = { query: async (query: { text: string }) => ({ rows: answer(query.text) }) };
  const client = { acquireConnection: async () => connection, releaseConnection: async () => undefined };
  return { getKnex: () => ({ client }) } as unknown as EntityManager;
}
