import { ApiKeysFacade } from '../../libs/bounce-handling/src';
import { InMemoryApiKeyRepository, FixedClock } from '../../libs/bounce-handling/src/testing';
import { DatabaseUnavailableError } from '../database/database-preflight';
import { ConfigurationError } from '../config/app-config';
import { type CliApplication, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli } from './run-cli';

function setUp(options: { pendingMigrations?: string[]; openError?: Error } = {}) {
  const keys = new InMemoryApiKeyRepository();
  const clock = new FixedClock();
  const stdout: string[] = [];
  const stderr: string[] = [];
  let pending = options.pendingMigrations ?? [];
  const state = { opened: 0, closed: 0 };
  const application: CliApplication = {
    apiKeys: new ApiKeysFacade(keys, clock),
    migrate: async () => {
      const applied = pending;
      pending = [];
      return applied;
    },
    close: async () => void (state.closed += 1),
  };
  const run = (...argv: string[]) =>
    runCli(argv, {
      stdout: (line) => void stdout.push(line),
      stderr: (line) => void stderr.push(line),
      openApplication: async () => {
        state.opened += 1;
        if (options.openError) throw options.openError;
        return application;
      },
    });
  return { keys, stdout, stderr, state, run };
}

describe('runCli', () => {
  it('creates a key, exits 0 and leaves the key as the last line of stdout', async () => {
    const { run, stdout, stderr, keys, state } = setUp();
    expect(await run('api-key', 'create', '--name', 'ci', '--permissions', 'subscribers')).toBe(EXIT_OK);
    expect(stdout.at(-1)).toMatch(/^mpk_/);
    expect(await keys.list()).toHaveLength(1);
    expect(stderr).toEqual([]);
    expect(state).toEqual({ opened: 1, closed: 1 });
  });

  it('answers a usage error with exit code 2 and a hint on stderr, without opening the database', async () => {
    const { run, stdout, stderr, state } = setUp();
    expect(await run('api-key', 'create', '--name', 'ci')).toBe(EXIT_USAGE);
    expect(stderr[0]).toBe('Error: api-key create needs --permissions (one or more of: subscribers, campaigns, inbound, webhooks)');
    expect(stderr[1]).toContain('help');
    expect(stdout).toEqual([]);
    expect(state.opened).toBe(0);
  });

  it('prints the usage on stdout for help, without opening the database', async () => {
    const { run, stdout, state } = setUp();
    expect(await run('help')).toBe(EXIT_OK);
    expect(stdout.join('\n')).toContain('api-key create --name NAME');
    expect(state.opened).toBe(0);
  });

  it.each([
    [
      ['api-key', 'create', '--name', 'ci', '--permissions', 'subscribers,admin'],
      'Error: permissions must be one or more of: subscribers, campaigns, inbound, webhooks (unknown: admin)',
    ],
    [['api-key', 'revoke', '5'], 'Error: No API key with id 5'],
  ])('answers the domain error of %j with exit code 1 and its message alone on stderr', async (argv, message) => {
    const { run, stdout, stderr, state } = setUp();
    expect(await run(...argv)).toBe(EXIT_FAILURE);
    expect(stderr).toEqual([message]);
    expect(stdout).toEqual([]);
    expect(state.closed).toBe(1);
  });

  it('answers a configuration error with exit code 1 and the problems', async () => {
    const { run, stderr } = setUp({ openError: new ConfigurationError(['DATABASE_URL must be a postgres:// or postgresql:// connection string']) });
    expect(await run('api-key', 'list')).toBe(EXIT_FAILURE);
    expect(stderr).toEqual([expect.stringContaining('DATABASE_URL must be a postgres://')]);
  });

  it('answers a database it cannot use with exit code 1 and what to do, without a stack', async () => {
    const problem = 'database "mailpas" does not exist on db:5432; create it, or set DATABASE_CREATE=true to have it created at start';
    const { run, stderr } = setUp({ openError: new DatabaseUnavailableError(problem) });
    expect(await run('api-key', 'list')).toBe(EXIT_FAILURE);
    expect(stderr).toEqual([`Error: ${problem}`]);
  });

  it('answers an unexpected failure with exit code 1 and its stack on stderr', async () => {
    const { run, stderr } = setUp({ openError: new Error('connect ECONNREFUSED 127.0.0.1:5432') });
    expect(await run('api-key', 'list')).toBe(EXIT_FAILURE);
    expect(stderr.join('\n')).toMatch(/^Failed: Error: connect ECONNREFUSED 127\.0\.0\.1:5432\n\s+at /);
  });

  it('applies pending migrations before a command, reporting them on stderr only', async () => {
    const { run, stdout, stderr } = setUp({ pendingMigrations: ['Migration1'] });
    expect(await run('api-key', 'list')).toBe(EXIT_OK);
    expect(stderr).toEqual(['Applied 1 pending migration(s) first.']);
    expect(stdout).toEqual([expect.stringContaining('No API keys yet')]);
  });

  it('names the migrations that migrate applied, and says when there were none', async () => {
    const { run, stdout } = setUp({ pendingMigrations: ['Migration1', 'Migration2'] });
    expect(await run('migrate')).toBe(EXIT_OK);
    expect(await run('migrate')).toBe(EXIT_OK);
    expect(stdout).toEqual(['Applied 2 migration(s): Migration1, Migration2', 'The database schema is up to date.']);
  });

  it('lists and revokes keys by id', async () => {
    const { run, stdout } = setUp();
    await run('api-key', 'create', '--name', 'ci', '--permissions', 'subscribers');
    stdout.length = 0;
    expect(await run('api-key', 'revoke', '1')).toBe(EXIT_OK);
    expect(await run('api-key', 'list')).toBe(EXIT_OK);
    expect(stdout[0]).toContain('API key 1 "ci" is revoked');
    expect(stdout[2]).toMatch(/^1\s+ci\s+subscribers\s+\S+\s+never\s+2026-01-10T12:00:00Z$/);
  });
});
