import { ConfigurationError } from './config/app-config';
import { DatabaseUnavailableError } from './database/database-preflight';
import { EmbeddedDatabaseInUseError, EmbeddedDatabaseStartError } from './database/embedded-postgres';

/** A pending migration failed; nothing of it was applied (migrations run in one transaction). */
export class MigrationFailedError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * The one line a failed start prints on stderr: what failed, and what to do about it. The
 * details (a stack, the server's own words) go to the log before it.
 */
export function startupFailureMessage(error: unknown, port: number | null): string {
  if (error instanceof ConfigurationError) return `Could not start: invalid configuration: ${error.problems.join('; ')}. Fix the variables named.`;
  if (error instanceof EmbeddedDatabaseInUseError || error instanceof EmbeddedDatabaseStartError || error instanceof DatabaseUnavailableError) {
    return `Could not start: ${error.message}`;
  }
  if (error instanceof MigrationFailedError) {
    return (
      `Could not start: a database migration failed (${oneLine(error.message)}). None of the pending migrations was applied; ` +
      'fix the cause (the log above has the details) and start again, or restore the backup taken before the upgrade.'
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  const at = port === null ? 'the port' : `port ${port}`;
  if (code === 'EADDRINUSE') return `Could not start: ${at} is already in use. Stop the process listening on it, or set PORT to a free port.`;
  if (code === 'EACCES') return `Could not start: not allowed to listen on ${at}. Use a port above 1023 (PORT), or give the process the right to bind it.`;
  return `Could not start: ${oneLine(error instanceof Error ? error.message : String(error))}. The log above has the details.`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
