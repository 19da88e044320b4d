import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { brokenBy, connectionPool, type PgConnection } from './postgres-connection-pool';

/** The connection of the transaction that the current unit of work runs in (see PostgresTransactionRunner). */
export const currentTransaction = new AsyncLocalStorage<PgConnection>();

interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** One per SQL text of the code (a fixed, small set), so never evicted. */
const statements = new Map<string, PreparedStatement>();

/**
 * A statement with real bound parameters, in the current transaction when there is one, as a
 * prepared statement of the connection: PostgreSQL parses and plans each SQL text once per
 * connection instead of on every call, and the statement goes to `pg` directly rather than
 * through knex's query builder (the hot paths run a few of these per request). `?` marks a
 * parameter (`$n` in PostgreSQL's terms; SQL may also use `$n` itself, to name one parameter
 * twice); a JS array is one array parameter.
 *
 * It answers nothing: a statement whose rows are read goes through `pgSelect`, which checks them.
 *
 * MikroORM's `execute`, by contrast, writes every parameter into the SQL text as an escaped
 * literal, which for the JSON of a thousand events costs more than the statement itself.
 */
export async function pgQuery(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<void> {
  await rowsOf(em, sql, params);
}

async function rowsOf(em: EntityManager, sql: string, params: readonly unknown[]): Promise<unknown[]> {
  const statement = preparedStatement(sql);
  const query = { name: statement.name, text: statement.text, values: params };
  const inTransaction = currentTransaction.getStore();
  if (inTransaction !== undefined) return (await inTransaction.query(query)).rows;
  const connection = await connectionPool(em).connect();
  let broken: Error | undefined;
  try {
    return (await connection.query(query)).rows;
  } catch (error) {
    broken = brokenBy(error);
    throw error;
  } finally {
    connection.release(broken);
  }
}

/**
 * `pgQuery` for statements that answer rows: each row is checked by `row` (see `pg-row.ts`)
 * and comes back as what it declares, never cast.
 */
export async function pgSelect<R>(em: EntityManager, sql: string, params: readonly unknown[], row: (value: unknown) => R): Promise<R[]> {
  const rows = await rowsOf(em, sql, params);
  return rows.map(row);
}

function preparedStatement(sql: string): PreparedStatement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    const text = positionalParameters(sql);
    statement = { name: `mailpass_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
    statements.set(sql, statement);
  }
  return statement;
}

/** `?` → `$1`, `$2`, … in order. The SQL of this code has no `?` operator and no `?` inside literals. */
export function positionalParameters(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
}
