import { parseArgs } from 'node:util';
import { PERMISSIONS } from '../../libs/bounce-handling/src';

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'migrate' }
  | { readonly kind: 'api-key create'; readonly name: string; readonly permissions: readonly string[] }
  | { readonly kind: 'api-key list' }
  | { readonly kind: 'api-key revoke'; readonly id: number };

/** The command line is wrong: the process exits with code 2, before touching the database. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npm run cli -- <command>      (in a built image: node dist/src/cli/main <command>)

Commands:
  api-key create --name NAME --permissions PERMISSION[,PERMISSION...]
                        create an API key; the key is printed once, alone on the last line
  api-key list          list the API keys (never the keys themselves)
  api-key revoke ID     revoke an API key: requests with it are refused from then on
  migrate               apply the pending database migrations
  help                  show this text

Permissions: ${PERMISSIONS.join(', ')}

Environment: DATABASE_URL, or when it is unset the embedded PostgreSQL under DATA_DIR
(default ./.data): the server of a running app is used when there is one, else one is
started for the command and stopped after it.`;

/** Reads the command line (the arguments after the script); throws `UsageError` when it is wrong. */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs reports unknown options and missing option values as TypeErrors.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  const [command, subcommand, ...rest] = positionals;
  const given = Object.keys(values).filter((option) => values[option as keyof typeof values] !== undefined);
  const allowOnly = (allowed: readonly string[], what: string): void => {
    const extra = given.filter((option) => !allowed.includes(option));
    if (extra.length > 0) throw new UsageError(`${what} does not take ${extra.map((option) => `--${option}`).join(', ')}`);
  };
  const noMoreArguments = (args: readonly string[], what: string): void => {
    if (args.length > 0) throw new UsageError(`${what}: unexpected argument "${args[0]}"`);
  };

  switch (command) {
    case undefined:
      throw new UsageError('A command is required');
    case 'help':
      return { kind: 'help' };
    case 'migrate':
      allowOnly([], 'migrate');
      noMoreArguments(positionals.slice(1), 'migrate');
      return { kind: 'migrate' };
    case 'api-key':
      break;
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }

  switch (subcommand) {
    case 'create': {
      allowOnly(['name', 'permissions'], 'api-key create');
      noMoreArguments(rest, 'api-key create');
      if (values.name === undefined) throw new UsageError('api-key create needs --name NAME');
      if (values.permissions === undefined) throw new UsageError(`api-key create needs --permissions (one or more of: ${PERMISSIONS.join(', ')})`);
      const permissions = values.permissions
        .split(',')
        .map((permission) => permission.trim())
        .filter((permission) => permission.length > 0);
      return { kind: 'api-key create', name: values.name, permissions };
    }
    case 'list':
      allowOnly([], 'api-key list');
      noMoreArguments(rest, 'api-key list');
      return { kind: 'api-key list' };
    case 'revoke': {
      allowOnly([], 'api-key revoke');
      const [rawId, ...extra] = rest;
      if (rawId === undefined) throw new UsageError('api-key revoke needs the ID of the key (see api-key list)');
      noMoreArguments(extra, 'api-key revoke');
      const id = Number(rawId);
      if (!/^\d+$/.test(rawId) || !Number.isSafeInteger(id) || id < 1) throw new UsageError(`The ID of an API key is a positive integer, got "${rawId}"`);
      return { kind: 'api-key revoke', id };
    }
    case undefined:
      throw new UsageError('api-key needs a subcommand: create, list or revoke');
    default:
      throw new UsageError(`Unknown api-key subcommand "${subcommand}"`);
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      name: { type: 'string' },
      permissions: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}
