/**
 * Runs work in one database transaction: every repository call made inside `work` joins it,
 * and it commits only when `work` resolves.
 */
export abstract class TransactionRunner {
  abstract run<T>(work: () => Promise<T>): Promise<T>;
}
