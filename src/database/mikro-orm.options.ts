import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options, PostgreSqlKnexDialect } from '@mikro-orm/postgresql';
import * as pg from 'pg';
import { BOUNCE_HANDLING_ENTITIES, BOUNCE_HANDLING_MIGRATIONS, QueryTimeoutClosingClient } from '../../libs/bounce-handling/src';
import { type DatabaseTimeouts, DEFAULT_DATABASE_TIMEOUTS } from '../config/app-config';

/**
 * How much longer than the server's `statement_timeout` the service waits for an answer before
 * it gives up on the connection: the server cancels a slow statement itself (and the connection
 * stays usable); only a server that does not answer at all is waited for that long.
 */
export const ANSWER_GRACE_MS = 1_000;

/**
 * MikroORM's PostgreSQL dialect for knex, with connections of `QueryTimeoutClosingClient`: one
 * whose statement got no answer is closed, so that knex's pool drops it instead of lending it
 * again. (The dialect is the only way knex offers to choose the `pg` client it opens.)
 */
class QueryTimeoutClosingKnexDialect extends PostgreSqlKnexDialect {
  _driver(): typeof pg {
    return Object.create(pg, { Client: { value: QueryTimeoutClosingClient } }) as typeof pg;
  }
}

/** `sslmode` of a connection string, which MikroORM does not read from the URL itself. */
export function sslOf(databaseUrl: string): false | { rejectUnauthorized: boolean } {
  const mode = new URL(databaseUrl).searchParams.get('sslmode');
  if (mode === 'require' || mode === 'prefer') return { rejectUnauthorized: false };
  if (mode === 'verify-ca' || mode === 'verify-full') return { rejectUnauthorized: true };
  return false;
}

/**
 * MikroORM for the host: the library's entities and migrations, never a schema sync, and every
 * wait for the database bounded by `timeouts` (so that an outage or a stalled database is
 * answered 503 in seconds instead of holding requests): getting a connection from the pool,
 * opening one, and each statement (`statement_timeout` on the server, and `query_timeout`
 * here, a little later, for a server that answers nothing).
 */
export function mikroOrmOptions(databaseUrl: string, overrides: Partial<Options> = {}, timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: BOUNCE_HANDLING_ENTITIES,
    extensions: [Migrator],
    migrations: {
      migrationsList: BOUNCE_HANDLING_MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    ensureDatabase: false,
    pool: { min: 0, max: 10, acquireTimeoutMillis: timeouts.acquireMs },
    driverOptions: {
      client: QueryTimeoutClosingKnexDialect,
      acquireConnectionTimeout: timeouts.acquireMs,
      connection: {
        connectionTimeoutMillis: timeouts.connectMs,
        statement_timeout: timeouts.statementMs,
        query_timeout: timeouts.statementMs + ANSWER_GRACE_MS,
        keepAlive: true,
        ssl: sslOf(databaseUrl),
      },
    },
    debug: false,
    ...overrides,
  });
}
