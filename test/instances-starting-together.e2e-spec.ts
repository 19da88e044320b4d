import { Client } from 'pg';
import { BOUNCE_HANDLING_MIGRATIONS } from '../libs/bounce-handling/src';
import { freePort, killBuiltServers, startBuiltServer } from './support/built-server';
import { createEmptyTestDatabase, type TestDatabase } from './support/test-database';

/*
 * docs/configuration.md, "The database": instances started together on one database take
 * turns to migrate it (an advisory lock); the first applies the migrations, the others find
 * none pending and start as well.
 */

jest.setTimeout(240_000);

const API_KEY = 'instances-bootstrap-key-0123456789';
let database: TestDatabase;

beforeAll(async () => {
  database = await createEmptyTestDatabase();
});

afterAll(async () => {
  await killBuiltServers();
  await database?.drop();
});

describe('two built instances starting at once on one empty database (e2e)', () => {
  it('both start and serve, and every migration is applied once', async () => {
    const env = { DATABASE_URL: database.url, BOOTSTRAP_API_KEY: API_KEY, LOG_LEVEL: 'warn' };
    const [first, second] = await Promise.all([startBuiltServer({ port: await freePort(), env }), startBuiltServer({ port: await freePort(), env })]);

    for (const server of [first, second]) {
      const response = await fetch(`${server.url}/api/v1/bounces`, { headers: { 'X-API-Key': API_KEY }, signal: AbortSignal.timeout(10_000) });
      expect(response.status).toBe(200);
    }
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ name: string }>('select name from mikro_orm_migrations order by id');
      expect(rows.map((row) => row.name)).toEqual(BOUNCE_HANDLING_MIGRATIONS.map((migration) => migration.name));
    } finally {
      await db.end();
    }
  });
});
