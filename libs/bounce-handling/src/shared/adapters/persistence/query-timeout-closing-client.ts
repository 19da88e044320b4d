import { Client } from 'pg';
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

/** What `pg` rejects a statement with when no answer came within its `query_timeout`. */
const QUERY_READ_TIMEOUT = 'Query read timeout';

/**
 * `pg.Client` that closes its connection when a statement gets no answer within its
 * `query_timeout` (a database that stalls, or a network that drops everything).
 *
 * `pg` rejects such a statement but keeps the connection, still waiting for the answer: the
 * next statement would queue behind it (a rollback waits as long again), and an answer coming
 * late would leave the connection in whatever state the lost statement left it (inside a
 * transaction nobody ends). Closed, the connection fails its queued statements at once, and
 * neither pool lends it again: MikroORM's knex pool drops a connection that has ended, and
 * the library's `pg.Pool` one given back broken.
 */
export class QueryTimeoutClosingClient extends Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's overloads (promise, callback, submittable) all pass through unchanged
  override query(...args: unknown[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      // The caller (knex) learns of the failure once the connection has ended: a pool that takes
      // the connection back then sees it ended, and does not lend it again.
      args[last] = (error: unknown, result: unknown) => {
        const answer = () => (callback as (error: unknown, result: unknown) => void)(error, result);
        if (isReadTimeout(error)) this.close(answer);
        else answer();
      };
    }
    const result = (super.query as (...args: unknown[]) => unknown).apply(this, args);
    // A caller of the promise form (the library's pool) gives the connection back as broken.
    if (result instanceof Promise) result.catch((error: unknown) => isReadTimeout(error) && this.close(() => undefined));
    return result;
  }

  private close(then: () => void): void {
    const { connection } = this as unknown as { connection: EventEmitter & { stream: Socket } };
    // The failure is the statement's, given to its caller: the end of the connection is no news.
    this.on('error', () => undefined);
    if (connection.stream.destroyed) return then();
    connection.once('end', then);
    connection.stream.destroy();
  }
}

function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === QUERY_READ_TIMEOUT;
}
