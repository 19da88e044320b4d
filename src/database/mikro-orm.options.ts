import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { BOUNCE_HANDLING_ENTITIES, BOUNCE_HANDLING_MIGRATIONS } from '../../libs/bounce-handling/src';

/**
 * Bounds on every wait for the database, so that an outage is answered (503) in seconds
 * instead of hanging requests: getting a connection from the pool, opening one, and running
 * one statement.
 */
export const DATABASE_TIMEOUTS = { acquireMs: 5_000, connectMs: 3_000, statementMs: 30_000 } as const;

/** `sslmode` of a connection string, which MikroORM does not read from the URL itself. */
export function sslOf(databaseUrl: string): false | { rejectUnauthorized: boolean } {
  const mode = new URL(databaseUrl).searchParams.get('sslmode');
  if (mode === 'require' || mode === 'prefer') return { rejectUnauthorized: false };
  if (mode === 'verify-ca' || mode === 'verify-full') return { rejectUnauthorized: true };
  return false;
}

/** MikroORM for the host: the library's entities and migrations, never a schema sync. */
export function mikroOrmOptions(databaseUrl: string, overrides: Partial<Options> = {}): Options {
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
    pool: { min: 0, max: 10, acquireTimeoutMillis: DATABASE_TIMEOUTS.acquireMs },
    driverOptions: {
      acquireConnectionTimeout: DATABASE_TIMEOUTS.acquireMs,
      connection: {
        connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
        statement_timeout: DATABASE_TIMEOUTS.statementMs,
        keepAlive: true,
        ssl: sslOf(databaseUrl),
      },
    },
    debug: false,
    ...overrides,
  });
}
