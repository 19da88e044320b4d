import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../application/ports/transaction-runner.port';

/**
 * MikroORM keeps the transaction's EntityManager in async-local storage, so repositories that
 * use the injected EntityManager inside `work` run their statements in this transaction.
 */
@Injectable()
export class MikroOrmTransactionRunner extends TransactionRunner {
  constructor(private readonly em: EntityManager) {
    super();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.em.fork({ clear: true }).transactional(() => work());
  }
}
