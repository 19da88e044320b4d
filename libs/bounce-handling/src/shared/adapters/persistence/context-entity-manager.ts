import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The EntityManager for the current unit of work: the transaction's when one is open, the
 * request's when MikroORM's request context is set, a fresh fork otherwise (calls from
 * in-process consumers outside any request).
 */
export function contextEntityManager(em: EntityManager): EntityManager {
  const current = em.getContext(false);
  return current === em ? em.fork({ clear: true }) : (current as EntityManager);
}
