import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../application/ports/transaction-runner.port';
import { connectionPool } from './postgres-connection-pool';
import { currentTransaction } from './pg-query';

/** Attempts of one unit of work that failed for a reason another attempt does not share. */
const MAX_ATTEMPTS = 3;
/** PostgreSQL's serialization failure and deadlock: the transaction was rolled back, try again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/**
 * One transaction on a connection of the library's pool (`postgres-connection-pool.ts`), kept
 * in async-local storage so that the repositories' statements (`pgQuery`) made inside `work`
 * run in it. Work rolled back by a deadlock, a serialization failure or a use case's own
 * retryable error is run again from the start, in a new transaction.
 *
 * The repositories speak SQL (`pgQuery`), not entities, so the transaction is `begin` and
 * `commit` on the connection itself: no unit of work to flush, no EntityManager to fork —
 * ingestion runs one of these per request.
 */
@Injectable()
export class PostgresTransactionRunner extends TransactionRunner {
  private readonly logger = new Logger(PostgresTransactionRunner.name);

  constructor(private readonly em: EntityManager) {
    super();
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        this.logger.warn(`Transaction attempt ${attempt} rolled back (${(error as Error).message}); trying again`);
      }
    }
  }

  private async once<T>(work: () => Promise<T>): Promise<T> {
    const connection = await connectionPool(this.em).connect();
    let broken: Error | undefined;
    try {
      await connection.query('begin');
      const result = await currentTransaction.run(connection, work);
      await connection.query('commit');
      return result;
    } catch (error) {
      // Whatever failed (begin, the work, commit), nothing of the transaction stays. A rollback
      // that fails too leaves the connection in no known state (most often, it was lost): the
      // pool closes it rather than lend it again.
      await connection.query('rollback').catch((rollbackFailure: Error) => (broken = rollbackFailure));
      throw error;
    } finally {
      connection.release(broken);
    }
  }
}

function isRetryable(error: unknown): boolean {
  const candidate = error as { retryable?: unknown; code?: unknown; sqlState?: unknown; cause?: { code?: unknown } } | null;
  if (!candidate) return false;
  if (candidate.retryable === true) return true;
  return [candidate.code, candidate.sqlState, candidate.cause?.code].some((code) => typeof code === 'string' && RETRYABLE_SQLSTATES.has(code));
}
