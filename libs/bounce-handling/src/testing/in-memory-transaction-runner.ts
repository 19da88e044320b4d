import type { TransactionRunner } from '../shared/application/ports/transaction-runner.port';

/** Runs the work; counts transactions so that tests can see how many a use case opened. */
export class InMemoryTransactionRunner implements TransactionRunner {
  transactions = 0;
  open = false;

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.transactions += 1;
    this.open = true;
    try {
      return await work();
    } finally {
      this.open = false;
    }
  }
}
