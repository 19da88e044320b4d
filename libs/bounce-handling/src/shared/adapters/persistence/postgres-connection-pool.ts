import { type ConnectionConfig, EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Client, type ClientConfig, DatabaseError, Pool } from 'pg';
import { QueryTimeoutClosingClient } from './query-timeout-closing-client';

/** The part of a `pg` connection used here (`pg.Client#query`, prepared statements included). */
export interface PgConnection {
  query(config: { name: string; text: string; values: readonly unknown[] } | string): Promise<{ rows: unknown[] }>;
}

/** A connection lent by a `ConnectionSource` (`pg.PoolClient`). */
export interface PooledConnection extends PgConnection {
  /** Gives the connection back; given the failure that broke it, the pool closes it instead of lending it again. */
  release(broken?: Error): void;
}

/** Lends connections and ends them (`pg.Pool`). */
export interface ConnectionSource {
  connect(): Promise<PooledConnection>;
  end(): Promise<void>;
}

/** One per MikroORM instance, keyed by its configuration (which its EntityManager and their forks share). */
const sources = new WeakMap<object, ConnectionSource>();
const endings = new WeakMap<ConnectionSource, Promise<void>>();

const logger = new Logger('PostgresConnectionPool');

/**
 * The connections that `pgQuery` and `PostgresTransactionRunner` use: a `pg.Pool` of the
 * library's own per MikroORM instance, opened on first use with what MikroORM's PostgreSQL
 * driver connects with (`getConnectionOptions()`: address, credentials, and its type parsers,
 * which give timestamps as text), the host's `driverOptions.connection` over it (timeouts,
 * keep-alive, TLS), and the size and bounds of MikroORM's `pool` option.
 *
 * Why a pool of its own: the hot statements go to `pg` as named prepared statements, on the
 * connection of the transaction that `PostgresTransactionRunner` opened, without knex's query
 * path in between, and neither MikroORM nor knex documents a way to borrow a connection of
 * theirs. MikroORM keeps its own pool for what it does itself (the migrator, `em.execute`).
 *
 * The pool waits at most `pool.acquireTimeoutMillis` (or the smaller `acquireConnectionTimeout`
 * of `driverOptions`, as knex reads them; 60 s when neither is set) for a connection, free or
 * new, and refuses then; opening one is bounded by `driverOptions.connection`'s
 * `connectionTimeoutMillis`; a statement by its `statement_timeout` (on the server) and
 * `query_timeout` (here, for a server that does not answer: the connection is then closed, see
 * `QueryTimeoutClosingClient`). Idle connections never keep the process alive.
 */
export function connectionPool(em: EntityManager): ConnectionSource {
  let source = sources.get(em.config);
  if (source === undefined) {
    source = openPool(em);
    sources.set(em.config, source);
  }
  return source;
}

/**
 * Ends the pool of `em`'s MikroORM instance once the connections it lent are back; a closed
 * pool refuses to lend ("Cannot use a pool after calling end on the pool"). Closing twice is
 * closing once.
 */
export function closeConnectionPool(em: EntityManager): Promise<void> {
  const source = connectionPool(em);
  let ending = endings.get(source);
  if (ending === undefined) {
    ending = source.end();
    endings.set(source, ending);
  }
  return ending;
}

/** How many connections the pool holds and lends, and how many borrowers wait for one. */
export interface ConnectionPoolUse {
  /** Open connections, lent or idle. */
  readonly total: number;
  readonly idle: number;
  /** Borrowers waiting for a connection: the pool is exhausted while there are any. */
  readonly waiting: number;
  /** The most connections the pool opens. */
  readonly max: number;
}

/** The use of `em`'s pool, or null when its statements run on a source that is no `pg.Pool` (specs without a database). */
export function connectionPoolUse(em: EntityManager): ConnectionPoolUse | null {
  const source = connectionPool(em);
  if (!(source instanceof Pool)) return null;
  return { total: source.totalCount, idle: source.idleCount, waiting: source.waitingCount, max: source.options.max };
}

/** Has `em`'s statements run on `source`'s connections: for specs without a database (see test/support/answering-entity-manager.ts). */
export function useConnectionSource(em: EntityManager, source: ConnectionSource): void {
  sources.set(em.config, source);
}

/**
 * A statement that failed without a SQLSTATE failed on the connection (lost, reset, unusable),
 * not in the database: the connection goes back to the pool as broken.
 */
export function brokenBy(failure: unknown): Error | undefined {
  return failure instanceof Error && !(failure instanceof DatabaseError) ? failure : undefined;
}

/** Ends the pool of the application's MikroORM instance at shutdown, once the HTTP server has finished the requests in flight. */
@Injectable()
export class PostgresConnectionPoolShutdown implements OnApplicationShutdown {
  constructor(private readonly em: EntityManager) {}

  onApplicationShutdown(): Promise<void> {
    return closeConnectionPool(this.em);
  }
}

/** The keys of MikroORM's `driverOptions` read here, as MikroORM hands them to knex. */
interface DriverOptions {
  readonly connection?: ClientConfig;
  readonly acquireConnectionTimeout?: number;
}

/** knex's default for the wait for a connection, when the configuration sets none. */
const DEFAULT_ACQUIRE_TIMEOUT_MS = 60_000;
/** How long an idle connection stays open, as knex's pool keeps them, unless `pool.idleTimeoutMillis` says otherwise. */
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/**
 * What a connection of `em`'s MikroORM instance connects with: MikroORM's options (address,
 * credentials, type parsers), the host's `driverOptions.connection` over them (timeouts,
 * keep-alive, TLS).
 */
export function connectionOptions(em: EntityManager): ClientConfig {
  const driverOptions = (em.config.get('driverOptions') ?? {}) as DriverOptions;
  const mikroOrm = em.getConnection().getConnectionOptions();
  return { ...mikroOrm, password: passwordOf(mikroOrm.password), ...driverOptions.connection };
}

function openPool(em: EntityManager): Pool {
  const driverOptions = (em.config.get('driverOptions') ?? {}) as DriverOptions;
  const poolOptions = em.config.get('pool') ?? {};
  const { connectionTimeoutMillis, ...connection } = connectionOptions(em);
  const waits = [poolOptions.acquireTimeoutMillis, driverOptions.acquireConnectionTimeout].filter((ms): ms is number => ms !== undefined);
  const pool = new Pool({
    ...connection,
    min: poolOptions.min,
    max: poolOptions.max,
    idleTimeoutMillis: poolOptions.idleTimeoutMillis ?? DEFAULT_IDLE_TIMEOUT_MS,
    // pg.Pool's bound on the wait for a connection, free or new; it hands its options to each
    // client, which takes it for its bound on connecting: the clients get their own instead.
    connectionTimeoutMillis: waits.length > 0 ? Math.min(...waits) : DEFAULT_ACQUIRE_TIMEOUT_MS,
    Client: clientConnectingWithin(connectionTimeoutMillis),
    allowExitOnIdle: true,
  });
  // Without listeners, a connection that fails while idle in the pool (which closes it) or
  // between two statements of its borrower (whose next statement fails) would crash the process.
  pool.on('error', (error) => logger.warn(`An idle database connection failed and was closed: ${error.message}`));
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** MikroORM's password, or the function giving it, as `pg` takes them. */
function passwordOf(password: ConnectionConfig['password']): ClientConfig['password'] {
  if (typeof password !== 'function') return password;
  return async () => {
    const given = await password();
    return typeof given === 'string' ? given : given.password;
  };
}

/**
 * `pg.Client`, bounded by `connectMs` to connect whatever the pool's options say, which closes
 * a connection whose statement timed out (`query_timeout`).
 */
function clientConnectingWithin(connectMs: number | undefined): typeof Client {
  return class BoundedClient extends QueryTimeoutClosingClient {
    constructor(config: ClientConfig = {}) {
      // The pool's options hide the password from enumeration (and so from a spread).
      super({ ...config, password: config.password, connectionTimeoutMillis: connectMs });
    }
  };
}
