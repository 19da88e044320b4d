import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEMPLATE_DATABASE = 'mailpass_test_template';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The URL of the test database server's administrative database (the jest global setup's server). */
export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL;
  if (!url) throw new Error('TEST_DATABASE_ADMIN_URL is unset: run the tests through jest, whose global setup starts PostgreSQL');
  return url;
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database with the migrated schema and no rows, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `mailpass_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    // Cloning a template fails while another clone is being made; retry briefly.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`create database "${name}" template "${TEMPLATE_DATABASE}"`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
  return {
    url: withDatabaseName(adminUrl(), name),
    drop: () => withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`).then(() => undefined)),
  };
}

/** A new database without any schema: what a first start of the service meets. */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const name = `mailpass_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database "${name}"`));
  return {
    url: withDatabaseName(adminUrl(), name),
    drop: () => withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`).then(() => undefined)),
  };
}

/** Empties every table a test writes (API keys stay), restarting ids: one test's rows never reach the next. */
export const EMPTY_DATA_TABLES =
  'truncate bounces, subscribers, address_states, campaigns, status_changes, delivery_statistics, campaign_health_levels restart identity cascade';
