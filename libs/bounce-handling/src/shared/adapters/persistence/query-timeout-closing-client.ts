import { Client } from 'pg';
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
  // pg's overloads (promise, callback, submittable) all pass through here unchanged.
  override query(...args: unknown[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => {
        this.closeAfter(error);
        (callback as (error: unknown, result: unknown) => void)(error, result);
      };
    }
    const result: unknown = (super.query as (...args: unknown[]) => unknown)(...args);
    if (result instanceof Promise) result.catch((error: unknown) => this.closeAfter(error));
    return result;
  }

  private closeAfter(error: unknown): void {
    if (!(error instanceof Error) || error.message !== QUERY_READ_TIMEOUT) return;
    // The failure is the statement's, already given to its caller: the connection's own end is no news.
    this.on('error', () => undefined);
    (this as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
  }
}
