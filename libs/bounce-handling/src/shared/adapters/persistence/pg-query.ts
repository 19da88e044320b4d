import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A statement with real bound parameters, in the current transaction when there is one.
 * MikroORM's `execute` writes every parameter into the SQL text as an escaped literal, which
 * for the JSON of a thousand events costs more than the statement itself; here PostgreSQL
 * gets the parameters apart (`?` becomes `$n`; a JS array is one array parameter).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function pgQuery<T extends unknown[] = Record<string, any>[]>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T> {
  const transaction = em.getContext(false).getTransactionContext();
  const runner = (transaction as ReturnType<EntityManager['getKnex']> | undefined) ?? em.getKnex();
  const result = (await runner.raw(sql, params as never)) as { rows: T };
  return result.rows;
}
