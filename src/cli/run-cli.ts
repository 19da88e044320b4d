import { type ApiKeysFacade, DomainError } from '../../libs/bounce-handling/src';
import { ConfigurationError } from '../config/app-config';
import { DatabaseUnavailableError } from '../database/database-preflight';
import { EmbeddedDatabaseInUseError, EmbeddedDatabaseStartError } from '../database/embedded-postgres';
import { createApiKeyCommand, listApiKeysCommand, revokeApiKeyCommand, type PrintLine } from './api-key.commands';
import { type CliCommand, parseCliArguments, USAGE, UsageError } from './cli-arguments';

/**
 * Errors that are the user's to fix, shown as their message alone: the library's domain errors
 * (unknown permission, unknown key…), and the host's configuration and database problems.
 */
const EXPLAINED_ERRORS = [DomainError, ConfigurationError, DatabaseUnavailableError, EmbeddedDatabaseInUseError, EmbeddedDatabaseStartError];

export const EXIT_OK = 0;
/** A domain error (unknown permission, unknown key…), a configuration error or a failure. */
export const EXIT_FAILURE = 1;
/** The command line is wrong. */
export const EXIT_USAGE = 2;

/** What the commands need from the booted application; `close` releases the database. */
export interface CliApplication {
  readonly apiKeys: Pick<ApiKeysFacade, 'create' | 'list' | 'revoke'>;
  /** Applies the pending migrations; gives the names of those it applied. */
  migrate(): Promise<readonly string[]>;
  close(): Promise<void>;
}

export interface CliContext {
  readonly stdout: PrintLine;
  readonly stderr: PrintLine;
  /** Boots the application on its database; only called for a well-formed command. */
  openApplication(): Promise<CliApplication>;
}

/** Runs one command line and gives the exit code for the process. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.stderr(`Error: ${error.message}`);
    context.stderr('Run "npm run cli -- help" to see the commands.');
    return EXIT_USAGE;
  }
  if (command.kind === 'help') {
    context.stdout(USAGE);
    return EXIT_OK;
  }

  let application: CliApplication | null = null;
  try {
    application = await context.openApplication();
    const applied = await application.migrate();
    if (applied.length > 0 && command.kind !== 'migrate') context.stderr(`Applied ${applied.length} pending migration(s) first.`);
    await execute(command, application, applied, context.stdout);
    return EXIT_OK;
  } catch (error) {
    // Errors that say what to do are shown as they are; anything else with its stack.
    if (EXPLAINED_ERRORS.some((type) => error instanceof type)) {
      context.stderr(`Error: ${(error as Error).message}`);
    } else {
      context.stderr(`Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    return EXIT_FAILURE;
  } finally {
    if (application) {
      await application.close().catch((error: unknown) => context.stderr(`Warning: could not close the database cleanly: ${String(error)}`));
    }
  }
}

async function execute(
  command: Exclude<CliCommand, { kind: 'help' }>,
  application: CliApplication,
  applied: readonly string[],
  print: PrintLine,
): Promise<void> {
  switch (command.kind) {
    case 'migrate':
      print(applied.length === 0 ? 'The database schema is up to date.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}`);
      return;
    case 'api-key create':
      return createApiKeyCommand(application.apiKeys, print, command);
    case 'api-key list':
      return listApiKeysCommand(application.apiKeys, print);
    case 'api-key revoke':
      return revokeApiKeyCommand(application.apiKeys, print, command.id);
  }
}
