import { Client } from 'pg';
import { sslOf } from './mikro-orm.options';

/** The database of DATABASE_URL cannot be used; the message says what failed and what to do. */
export class DatabaseUnavailableError extends Error {}

export interface DatabasePreflightOptions {
  /** Create the database when the server answers that it does not exist (`DATABASE_CREATE=true`). */
  readonly create: boolean;
  /** How long to wait for the server to accept a connection (`DATABASE_CONNECT_TIMEOUT_MS`). */
  readonly connectTimeoutMs: number;
  readonly log: (message: string) => void;
}

/**
 * Makes sure the database of a DATABASE_URL can be used before anything else touches it: the
 * server answers, the credentials are accepted, and the database exists. A database that does
 * not exist is created only when asked to (otherwise MikroORM's migrator would create it
 * silently, and a typo in the URL would serve an empty suppression list that calls every
 * address sendable).
 */
export async function prepareDatabase(databaseUrl: string, options: DatabasePreflightOptions): Promise<void> {
  const target = describeTarget(databaseUrl);
  try {
    await withClient(databaseUrl, options.connectTimeoutMs, (client) => client.query('select 1'));
    return;
  } catch (error) {
    if (codeOf(error) !== MISSING_DATABASE) throw new DatabaseUnavailableError(connectionProblem(error, target, options.connectTimeoutMs));
  }
  if (!options.create) {
    throw new DatabaseUnavailableError(
      `database "${target.database}" does not exist on ${target.server}; create it, or set DATABASE_CREATE=true to have it created at start`,
    );
  }
  try {
    await withClient(withDatabase(databaseUrl, 'postgres'), options.connectTimeoutMs, (client) =>
      client.query(`create database ${quoteIdentifier(target.database)}`),
    );
    options.log(`Created the database "${target.database}" on ${target.server} (DATABASE_CREATE=true)`);
  } catch (error) {
    if (codeOf(error) === DUPLICATE_DATABASE) return; // created meanwhile by another instance
    throw new DatabaseUnavailableError(
      `database "${target.database}" does not exist on ${target.server} and could not be created (${messageOf(error)}); create it yourself, or give the user of DATABASE_URL the CREATEDB right`,
    );
  }
}

const MISSING_DATABASE = '3D000';
const DUPLICATE_DATABASE = '42P04';

interface Target {
  /** host:port, never the credentials. */
  readonly server: string;
  readonly database: string;
  readonly user: string;
}

function describeTarget(databaseUrl: string): Target {
  const url = new URL(databaseUrl);
  return {
    server: `${url.hostname || 'localhost'}:${url.port || '5432'}`,
    database: decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres',
    user: decodeURIComponent(url.username) || '(none)',
  };
}

/** What is wrong with the connection, in words an operator can act on. */
export function connectionProblem(error: unknown, target: Target, connectTimeoutMs: number): string {
  const code = codeOf(error);
  const message = messageOf(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to PostgreSQL at ${target.server} (connection refused): check the host and port of DATABASE_URL, and that the server runs`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host of DATABASE_URL (${target.server}): check its spelling and the DNS`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `PostgreSQL at ${target.server} cannot be reached (${code}): check DATABASE_URL, the network and the firewall`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${target.server} refused the credentials of DATABASE_URL for user "${target.user}" (${message}): check the user and password`;
    case '42501':
      return `the user "${target.user}" of DATABASE_URL may not connect to database "${target.database}" (${message}): grant it CONNECT`;
    default:
      if (/timeout/i.test(message)) {
        return `PostgreSQL at ${target.server} did not answer within ${connectTimeoutMs / 1000} s (DATABASE_CONNECT_TIMEOUT_MS): check DATABASE_URL, and that the server is up and not overloaded`;
      }
      if (/ssl|tls|certificate/i.test(message)) {
        return `the TLS connection to PostgreSQL at ${target.server} failed (${message}): check sslmode in DATABASE_URL`;
      }
      return `cannot use the database "${target.database}" on ${target.server} (${message}): check DATABASE_URL`;
  }
}

async function withClient<T>(databaseUrl: string, connectTimeoutMs: number, use: (client: Client) => Promise<T>): Promise<T> {
  // TLS as the service's pool has it (sslOf), not as pg would read `sslmode` from the URL.
  const url = new URL(databaseUrl);
  url.searchParams.delete('sslmode');
  const client = new Client({ connectionString: url.toString(), ssl: sslOf(databaseUrl), connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => undefined); // a connection dropped after the query is no failure of the check
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
