/** Partitions made for months ahead (or for a month whose bounces waited in the default partition). */
export interface MonthsPrepared {
  /** The partitions made, `bounces_2027_02`. */
  readonly created: readonly string[];
  /** Bounces moved into them from the default partition. */
  readonly movedFromDefault: number;
}

/** What the retention took away. */
export interface BouncesDropped {
  /** The month partitions dropped, oldest first. */
  readonly months: readonly string[];
  /** The bounces they held, with those deleted from the default partition. */
  readonly bounces: number;
}

/** The storage's side of the maintenance of bounces (docs/retention.md), in one session. */
export interface BounceRetentionSession {
  /** Makes the partition of each month (its first instant, UTC) that has none. */
  prepareMonths(months: readonly Date[]): Promise<MonthsPrepared>;
  /**
   * Drops every month partition that ends by `cutoff`, and deletes the bounces of the default
   * partition before it; nothing else (an address's state, the statistics) changes.
   */
  dropBefore(cutoff: Date): Promise<BouncesDropped>;
  /** Clears the raw report of every bounce before `cutoff`, in bounded batches; answers how many. */
  clearRawReportsBefore(cutoff: Date): Promise<number>;
}

export abstract class BounceRetentionStore {
  /**
   * Runs `work` in a session of its own unless another process's is running: false when one
   * was (it does the same work).
   */
  abstract alone(work: (session: BounceRetentionSession) => Promise<void>): Promise<boolean>;
}
