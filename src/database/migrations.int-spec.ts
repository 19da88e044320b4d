import { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { BOUNCE_HANDLING_MIGRATIONS } from '../../libs/bounce-handling/src';
import { createEmptyTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { applyPendingMigrations, MIGRATION_LOCK_KEY } from './migrations';
import { mikroOrmOptions } from './mikro-orm.options';

const ALL_MIGRATIONS = BOUNCE_HANDLING_MIGRATIONS.map((migration) => migration.name);

let database: TestDatabase;
let db: Client;
const orms: MikroORM[] = [];

/** MikroORM as one instance of the service opens it. */
async function instance(): Promise<MikroORM> {
  const orm = await MikroORM.init(mikroOrmOptions(database.url));
  orms.push(orm);
  return orm;
}

async function appliedMigrations(): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('select name from mikro_orm_migrations order by id');
  return rows.map((row) => row.name);
}

const tableExists = async (table: string): Promise<boolean> =>
  (await db.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [table])).rows[0]!.exists;

/** Sessions waiting for the migration lock (pg_locks shows a 64-bit key as its two halves). */
async function waitingForTheLock(): Promise<number> {
  const key = BigInt(MIGRATION_LOCK_KEY);
  const { rows } = await db.query<{ waiting: number }>(
    "select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted and classid = $1 and objid = $2 and objsubid = 1",
    [String(key >> 32n), String(key & 0xffffffffn)],
  );
  return rows[0]!.waiting;
}

beforeEach(async () => {
  database = await createEmptyTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
});

afterEach(async () => {
  await Promise.all(orms.splice(0).map((orm) => orm.close(true)));
  await db.end();
  await database.drop();
});

describe('applyPendingMigrations (integration)', () => {
  it('lets two instances starting at once on an empty database apply the migrations once: one applies them all, the other finds none pending', async () => {
    const [first, second] = [await instance(), await instance()];

    const applied = await Promise.all([applyPendingMigrations(first), applyPendingMigrations(second)]);

    expect(applied.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, ALL_MIGRATIONS.length]);
    expect(applied.flat()).toEqual(ALL_MIGRATIONS);
    expect(await appliedMigrations()).toEqual(ALL_MIGRATIONS);
  });

  it('waits while another session holds the migration lock, and migrates once it is released', async () => {
    const orm = await instance();
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      let finished = false;
      const migrating = applyPendingMigrations(orm).finally(() => (finished = true));
      while (!finished && (await waitingForTheLock()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));

      expect(finished).toBe(false);
      expect(await tableExists('mikro_orm_migrations')).toBe(false);

      await holder.query('select pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
      expect(await migrating).toEqual(ALL_MIGRATIONS);
      expect(await appliedMigrations()).toEqual(ALL_MIGRATIONS);
    } finally {
      await holder.end();
    }
  });

  it('releases the lock when it is done: a later start finds nothing pending without waiting for it', async () => {
    await applyPendingMigrations(await instance());

    expect(await applyPendingMigrations(await instance())).toEqual([]);
    const { rows } = await db.query<{ free: boolean }>('select pg_try_advisory_lock($1::bigint) as free', [MIGRATION_LOCK_KEY]);
    expect(rows[0]!.free).toBe(true);
  });

  it('runs the migrations without the statement timeout of the service’s connections: a slow one is not cut short', async () => {
    class SlowMigration extends Migration {
      override up(): void {
        this.addSql('select pg_sleep(0.2)');
      }
    }
    const options = mikroOrmOptions(database.url);
    const driverOptions = options.driverOptions as { connection: Record<string, unknown> };
    const orm = await MikroORM.init({
      ...options,
      driverOptions: { ...driverOptions, connection: { ...driverOptions.connection, statement_timeout: 100 } },
      migrations: { ...options.migrations, migrationsList: [...BOUNCE_HANDLING_MIGRATIONS, { name: 'Migration99991231000000_Slow', class: SlowMigration }] },
    });
    orms.push(orm);
    await expect(orm.em.execute('select pg_sleep(0.2)')).rejects.toThrow(/statement timeout/);

    expect(await applyPendingMigrations(orm)).toEqual([...ALL_MIGRATIONS, 'Migration99991231000000_Slow']);
  });
});
