import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { BOUNCE_HANDLING_ENTITIES, BOUNCE_HANDLING_MIGRATIONS } from '../../libs/bounce-handling/src';

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
    pool: { min: 0, max: 10 },
    debug: false,
    ...overrides,
  });
}
