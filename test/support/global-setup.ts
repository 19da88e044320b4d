import { MikroORM } from '@mikro-orm/postgresql';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDatabase } from '../../src/database/embedded-postgres';
import { mikroOrmOptions } from '../../src/database/mikro-orm.options';
import { TEMPLATE_DATABASE, withDatabaseName } from './test-database';

/**
 * Every integration and e2e test file gets its own database, cloned from a template that holds
 * the migrated schema. The server is `DATABASE_URL`'s when set, else an embedded PostgreSQL.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  let adminUrl = process.env.DATABASE_URL?.trim() || null;
  if (adminUrl === null) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-test-'));
    const embedded = await startEmbeddedDatabase({ dataDir });
    (globalThis as Record<string, unknown>).__MAILPASS_EMBEDDED__ = { embedded, dataDir };
    adminUrl = embedded.url;
  }
  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${TEMPLATE_DATABASE}" with (force)`);
    await admin.query(`create database "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  const orm = await MikroORM.init(mikroOrmOptions(withDatabaseName(adminUrl, TEMPLATE_DATABASE), { pool: { min: 0, max: 1 } }));
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
    // MikroORM keeps discovered metadata on globalThis; left there it breaks in-band test runs.
    delete (globalThis as Record<string, unknown>)['mikro-orm-metadata'];
  }
  if (process.env.CI || process.env.VERBOSE_SETUP) console.log(`\nTest database ready in ${Date.now() - started} ms`);
}
