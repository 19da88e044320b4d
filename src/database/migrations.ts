import { MikroORM } from '@mikro-orm/postgresql';
import { Client, type ClientConfig } from 'pg';

/**
 * The key of the PostgreSQL advisory lock that whoever migrates the database holds while it
 * does (`pg_advisory_lock(7881696737337897843)`: "mailpass" in ASCII, read as a 64-bit
 * integer). Instances started together on one database take turns: the first applies the
 * pending migrations, the others wait for the lock, then find none pending and go on.
 */
export const MIGRATION_LOCK_KEY = '7881696737337897843';

/**
 * Applies the pending migrations of `orm`'s database, holding the migration lock throughout;
 * answers the names of those applied (none when another instance applied them meanwhile).
 *
 * The lock is a session-level one, on a connection of its own: the migrator's transaction
 * does not cover its first step (creating the table of applied migrations), which two
 * instances must not race for either. The lock is released after, and with the session in any
 * case, so an instance that dies while migrating leaves no lock behind (and PostgreSQL rolls
 * its migrations back).
 *
 * The migrations run on a MikroORM of their own, without the statement timeouts of the
 * service's connections: a migration that rewrites a large table may take minutes, and one cut
 * short would fail the start of every instance. Nor is the wait for the lock bounded, since it
 * lasts as long as another instance's migrations do.
 */
export async function applyPendingMigrations(orm: MikroORM): Promise<string[]> {
  const lock = new Client(unboundedConnectionOf(orm));
  lock.on('error', () => undefined); // a connection lost while migrating fails the migrations themselves
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    const migrating = await MikroORM.init({
      ...orm.config.getAll(),
      driverOptions: { ...driverOptionsOf(orm), connection: unboundedConnectionOf(orm) },
      pool: { min: 0, max: 1 },
    });
    try {
      return (await migrating.getMigrator().up()).map((migration) => migration.name);
    } finally {
      await migrating.close(true);
    }
  } finally {
    await lock.end().catch(() => undefined); // ending the session releases the lock
  }
}

interface DriverOptions {
  readonly connection?: ClientConfig;
  readonly [option: string]: unknown;
}

function driverOptionsOf(orm: MikroORM): DriverOptions {
  return (orm.config.get('driverOptions') ?? {}) as DriverOptions;
}

/** `orm`'s connection settings (address, credentials, TLS, the bound on connecting), without the bounds on statements. */
function unboundedConnectionOf(orm: MikroORM): ClientConfig {
  const { password, ...address } = orm.em.getConnection().getConnectionOptions();
  const { statement_timeout: _statementTimeout, query_timeout: _queryTimeout, ...connection } = driverOptionsOf(orm).connection ?? {};
  return { ...address, password: typeof password === 'string' ? password : undefined, ...connection };
}
