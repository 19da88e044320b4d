import type { EntityManager } from '@mikro-orm/postgresql';

/** The part of a `pg` connection used here (`pg.Client#query`, prepared statements included). */
export interface PgConnection {
  query(config: { name: string; text: string; values: readonly unknown[] } | string): Promise<{ rows: unknown[] }>;
}

/** Hands out the `pg` connections of MikroORM's pool, and takes them back. */
export interface ConnectionSource {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

const checked = new WeakSet<object>();

/**
 * MikroORM's pool, through the knex client that MikroORM keeps: the one place that relies on
 * more of a package than its documentation promises.
 *
 * Why: the hot statements go to `pg` as named prepared statements, on the connection of the
 * transaction that `PostgresTransactionRunner` opened, without knex's query path in between.
 * Neither MikroORM 6 nor knex documents a way to borrow a connection of the pool; the public
 * route, knex's `raw(…).options({ name }).transacting(trx)`, keeps the prepared statement and
 * the round trips but, measured, costs roughly 0.1–0.3 ms more CPU per statement. knex's own
 * type declarations do declare `client` on a knex instance and `acquireConnection()` /
 * `releaseConnection()` on `Knex.Client` (its query runner and transactions borrow connections
 * this way), so that is what this relies on: checked here at first use, and by
 * `mikro-orm-connection-pool.int-spec.ts` (a `pg.Client` comes out, runs a named statement,
 * goes back to the pool), so that an upgrade changing it fails loudly rather than quietly.
 */
export function connectionPool(em: EntityManager): ConnectionSource {
  const client: unknown = em.getKnex().client;
  if (!isConnectionSource(client)) {
    throw new Error(
      "knex's client no longer has acquireConnection()/releaseConnection(): pgQuery and PostgresTransactionRunner need another way to a pooled pg connection",
    );
  }
  return client;
}

function isConnectionSource(client: unknown): client is ConnectionSource {
  if (typeof client !== 'object' || client === null) return false;
  if (checked.has(client)) return true;
  const candidate = client as Partial<Record<keyof ConnectionSource, unknown>>;
  if (typeof candidate.acquireConnection !== 'function' || typeof candidate.releaseConnection !== 'function') return false;
  checked.add(client);
  return true;
}
