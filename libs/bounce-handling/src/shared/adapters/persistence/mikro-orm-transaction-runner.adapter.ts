import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../application/ports/transaction-runner.port';

/** Attempts of one unit of work that failed for a reason another attempt does not share. */
const MAX_ATTEMPTS = 3;
/** PostgreSQL's serialization failure and deadlock: the transaction was rolled back, try again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/**
 * MikroORM keeps the transaction's EntityManager in async-local storage, so repositories that
 * use the injected EntityManager inside `work` run their statements in this transaction. Work
 * rolled back by a deadlock, a serialization failure or a use case's own retryable error is
 * run again from the start, in a new transaction.
 */
@Injectable()
export class MikroOrmTransactionRunner extends TransactionRunner {
  private readonly logger = new Logger(MikroOrmTransactionRunner.name);

  constructor(private readonly em: EntityManager) {
    super();
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.em.fork({ clear: true }).transactional(() => work());
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        this.logger.warn(`Transaction attempt ${attempt} rolled back (${(error as Error).message}); trying again`);
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  const candidate = error as { retryable?: unknown; code?: unknown; sqlState?: unknown; cause?: { code?: unknown } } | null;
  if (!candidate) return false;
  if (candidate.retryable === true) return true;
  return [candidate.code, candidate.sqlState, candidate.cause?.code].some((code) => typeof code === 'string' && RETRYABLE_SQLSTATES.has(code));
}
