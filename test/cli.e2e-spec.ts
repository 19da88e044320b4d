import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { loadAppConfig } from '../src/config/app-config';
import { setupApp } from '../src/setup-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { FROM_SOURCE } from './support/from-source';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '..');
const CLI_TIMEOUT_MS = 90_000;

// Each test runs the CLI (a few seconds under ts-node, far more on a busy machine) up to three
// times: more than the suite's default timeout allows.
jest.setTimeout(3 * CLI_TIMEOUT_MS);

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI, as `npm run cli` runs it, in a child process. */
function cli(args: readonly string[], databaseUrl: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...FROM_SOURCE, 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: CLI_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: unknown }).code as number | null) : 0, stdout, stderr }),
    );
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

describe('CLI (e2e)', () => {
  let database: TestDatabase;
  let app: NestExpressApplication;
  const bounces = (key: string) => request(app.getHttpServer()).get('/api/v1/bounces').set('X-API-Key', key);

  beforeAll(async () => {
    database = await createTestDatabase();
    // The serving app as test/support/test-app.ts builds it, but on the database the CLI writes to.
    const config = loadAppConfig({ LOG_LEVEL: 'warn' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ ...config, databaseUrl: database.url })] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'], bodyParser: false });
    setupApp(app, config);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('refuses a DATABASE_URL naming a database that does not exist, saying what to do, and creates nothing', async () => {
    const typo = `${new URL(database.url).pathname.slice(1)}_typo`;
    const missing = new URL(database.url);
    missing.pathname = `/${typo}`;
    const result = await cli(['api-key', 'list'], missing.toString());

    expect(result.code).toBe(1);
    expect(lines(result.stderr).at(-1)).toMatch(
      new RegExp(`^Error: database "${typo}" does not exist on [^ ]+; create it, or set DATABASE_CREATE=true to have it created at start$`),
    );
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
    await admin.connect();
    try {
      expect((await admin.query('select 1 from pg_database where datname = $1', [typo])).rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });

  it('creates a key that the running app accepts until the key is revoked', async () => {
    const created = await cli(['api-key', 'create', '--name', 'e2e client', '--permissions', 'subscribers'], database.url);
    expect(created).toMatchObject({ code: 0 });
    const output = lines(created.stdout);
    const key = output.at(-1)!;
    expect(key).toMatch(/^mpk_[A-Za-z0-9_-]{43}$/);
    const id = Number(/Created API key (\d+)/.exec(created.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);

    expect((await bounces(key)).status).toBe(200);

    const revoked = await cli(['api-key', 'revoke', String(id)], database.url);
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toContain(`API key ${id} "e2e client" is revoked`);

    const refused = await bounces(key);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('lists the keys with their permissions, and never a key or its hash', async () => {
    const created = await cli(['api-key', 'create', '--name', 'listed', '--permissions', 'subscribers,campaigns'], database.url);
    expect(created.code).toBe(0);
    const key = lines(created.stdout).at(-1)!;

    const listed = await cli(['api-key', 'list'], database.url);

    expect(listed.code).toBe(0);
    const [header, ...rows] = lines(listed.stdout);
    expect(header.split(/\s{2,}/)).toEqual(['ID', 'NAME', 'PERMISSIONS', 'CREATED', 'LAST USED', 'REVOKED']);
    expect(rows).toContainEqual(expect.stringMatching(/^\d+\s+listed\s+subscribers,campaigns\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+never\s+-$/));
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).not.toContain(createHash('sha256').update(key).digest('hex'));
  });

  it('refuses an unknown permission with exit code 1 and a message naming it, and creates no key', async () => {
    const result = await cli(['api-key', 'create', '--name', 'too-powerful', '--permissions', 'subscribers,admin'], database.url);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown: admin');
    expect(result.stdout).not.toMatch(/mpk_/);
    const listed = await cli(['api-key', 'list'], database.url);
    expect(listed.stdout).not.toContain('too-powerful');
  });

  it('refuses to revoke a key that does not exist, with exit code 1', async () => {
    const result = await cli(['api-key', 'revoke', '987654'], database.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No API key with id 987654');
  });

  it('refuses a malformed command line with exit code 2 before touching the database', async () => {
    // Nothing listens on port 1: reaching for the database would fail with exit code 1.
    const result = await cli(['api-key', 'create', '--name', 'no-permissions'], 'postgres://nobody:nothing@127.0.0.1:1/none');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('api-key create needs --permissions');
    expect(result.stdout).toBe('');
  });
});
