import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { type BuiltServer, type Exit, freePort, killBuiltServers, spawnBuiltServer, withTimeout } from './support/built-server';
import { withDatabaseName } from './support/test-database';

/*
 * A start that fails after the configuration check says so: exit code 1 and one JSON line on
 * stderr saying what failed and what to do, every log line before it JSON too. And a
 * DATABASE_URL naming a database that does not exist stops the start, unless
 * DATABASE_CREATE=true has it created (with a log line).
 */

jest.setTimeout(240_000);

const EXIT_TIMEOUT_MS = 90_000;

function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL!;
}

async function admin<T>(work: (client: Client) => Promise<T>, database?: string): Promise<T> {
  const client = new Client({ connectionString: database ? withDatabaseName(adminUrl(), database) : adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const databaseExists = (name: string): Promise<boolean> =>
  admin(async (client) => (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);

const dropDatabase = (name: string): Promise<unknown> => admin((client) => client.query(`drop database if exists "${name}" with (force)`));

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

interface FailedStart {
  readonly exit: Exit;
  /** The one line on stderr, parsed. */
  readonly failure: { level: number; msg: string };
  readonly stderrLines: string[];
}

/** Runs the built service until it exits, and checks what every failed start must do. */
async function failedStart(env: Record<string, string | undefined>, port?: number): Promise<FailedStart> {
  const server: BuiltServer = await spawnBuiltServer({ port: port ?? (await freePort()), env: { LOG_LEVEL: 'info', ...env } });
  const exit = await withTimeout(server.exited, EXIT_TIMEOUT_MS, 'the failed start exiting');
  const stderrLines = nonEmptyLines(server.stderr());
  // Every line it printed is JSON, the first ones included.
  for (const line of [...nonEmptyLines(server.stdout()), ...stderrLines]) expect(() => JSON.parse(line)).not.toThrow();
  return { exit, stderrLines, failure: JSON.parse(stderrLines[0] ?? 'null') as FailedStart['failure'] };
}

afterAll(() => killBuiltServers());

describe('a start that fails (e2e, the built service)', () => {
  it('exits 1 with one line on stderr when its port is in use', async () => {
    const occupied = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => occupied.listen(port, resolve));
    const database = `mailpass_startup_${process.pid}_port`;
    try {
      const { exit, stderrLines, failure } = await failedStart({ DATABASE_URL: withDatabaseName(adminUrl(), database), DATABASE_CREATE: 'true' }, port);

      expect(exit).toEqual({ code: 1, signal: null });
      expect(stderrLines).toHaveLength(1);
      expect(failure).toMatchObject({
        level: 60,
        msg: `Could not start: port ${port} is already in use. Stop the process listening on it, or set PORT to a free port.`,
      });
    } finally {
      occupied.close();
      await dropDatabase(database);
    }
  });

  it('exits 1 with one line on stderr when DATABASE_URL names a server that does not answer', async () => {
    const nobody = await freePort();
    const { exit, stderrLines, failure } = await failedStart({ DATABASE_URL: `postgres://postgres:secret-password@127.0.0.1:${nobody}/mailpass` });

    expect(exit).toEqual({ code: 1, signal: null });
    expect(stderrLines).toHaveLength(1);
    expect(failure.msg).toBe(
      `Could not start: cannot connect to PostgreSQL at 127.0.0.1:${nobody} (connection refused): check the host and port of DATABASE_URL, and that the server runs`,
    );
    expect(stderrLines[0]).not.toContain('secret-password');
  });

  it('stops when DATABASE_URL names a database that does not exist, and creates nothing', async () => {
    const typo = `mailpass_startup_${process.pid}_typo`;
    const { exit, stderrLines, failure } = await failedStart({ DATABASE_URL: withDatabaseName(adminUrl(), typo) });

    expect(exit).toEqual({ code: 1, signal: null });
    expect(stderrLines).toHaveLength(1);
    expect(failure.msg).toMatch(
      new RegExp(`^Could not start: database "${typo}" does not exist on [^ ]+; create it, or set DATABASE_CREATE=true to have it created at start$`),
    );
    expect(await databaseExists(typo)).toBe(false);
  });

  it('creates a missing database with DATABASE_CREATE=true, says so in the log, and serves', async () => {
    const name = `mailpass_startup_${process.pid}_created`;
    const server = await spawnBuiltServer({
      port: await freePort(),
      env: { DATABASE_URL: withDatabaseName(adminUrl(), name), DATABASE_CREATE: 'true', LOG_LEVEL: 'info' },
    });
    try {
      await server.ready(EXIT_TIMEOUT_MS);
      expect(await databaseExists(name)).toBe(true);
      const logged = nonEmptyLines(server.stdout()).map((line) => JSON.parse(line) as { msg: string });
      expect(logged).toContainEqual(
        expect.objectContaining({ msg: expect.stringMatching(new RegExp(`^Created the database "${name}" on .+ \\(DATABASE_CREATE=true\\)$`)) }),
      );
      expect(server.stderr()).toBe('');
    } finally {
      await server.stop('SIGTERM');
      await dropDatabase(name);
    }
  });

  it('exits 1 with one line on stderr when a migration fails, and applies none of the pending migrations', async () => {
    const name = `mailpass_startup_${process.pid}_migration`;
    await admin((client) => client.query(`create database "${name}"`));
    try {
      // A table in the way of the first migration, with a row that must survive.
      await admin(async (client) => {
        await client.query('create table "campaigns" (note text)');
        await client.query(`insert into "campaigns" values ('kept')`);
      }, name);
      const { exit, stderrLines, failure } = await failedStart({ DATABASE_URL: withDatabaseName(adminUrl(), name) });

      expect(exit).toEqual({ code: 1, signal: null });
      expect(stderrLines).toHaveLength(1);
      expect(failure.msg).toMatch(
        /^Could not start: a database migration failed \(.*"campaigns" already exists.*\)\. None of the pending migrations was applied; fix the cause/,
      );
      const tables = await admin(
        async (client) =>
          (
            await client.query(
              `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations' order by 1`,
            )
          ).rows,
        name,
      );
      expect(tables).toEqual([{ table_name: 'campaigns' }]);
      expect(await admin(async (client) => (await client.query('select note from "campaigns"')).rows, name)).toEqual([{ note: 'kept' }]);
    } finally {
      await dropDatabase(name);
    }
  });

  it('exits 1 with one line on stderr when the embedded PostgreSQL cannot start on DATA_DIR', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-startup-e2e-'));
    try {
      // A data directory of a PostgreSQL version that does not exist.
      fs.mkdirSync(path.join(dataDir, 'postgres'), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), '99\n');
      fs.chmodSync(dataDir, 0o755);
      const { exit, stderrLines, failure } = await failedStart({ DATA_DIR: dataDir });

      expect(exit).toEqual({ code: 1, signal: null });
      expect(stderrLines).toHaveLength(1);
      expect(failure.msg).toMatch(
        new RegExp(
          `^Could not start: the embedded PostgreSQL in ${dataDir}/postgres did not start \\(postgres: could not access the server configuration file .+\\)\\. Check that the directory is writable`,
        ),
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
