import type { EntityManager } from '@mikro-orm/postgresql';
import { useConnectionSource } from '../../libs/bounce-handling/src/shared/adapters/persistence/postgres-connection-pool';

/**
 * An EntityManager whose statements are answered with the rows `answer` gives for their SQL:
 * for specs of what a repository makes of the rows it reads, a wrong row included, without a
 * database. It has only a configuration, to which its connections are bound.
 */
export function entityManagerAnswering(answer: (sql: string) => unknown[]): EntityManager {
  const connection = {
    query: async (query: { text: string } | string) => ({ rows: answer(typeof query === 'string' ? query : query.text) }),
    release: () => undefined,
  };
  const em = { config: {} } as unknown as EntityManager;
  useConnectionSource(em, { connect: async () => connection, end: async () => undefined });
  return em;
}
