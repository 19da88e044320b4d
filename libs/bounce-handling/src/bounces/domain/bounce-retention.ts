/** How long stored bounces and their raw reports are kept (docs/retention.md). */
export interface BounceRetentionRules {
  /** Months a bounce is kept; a month of bounces is dropped whole once all of it is older. Null: kept for ever. */
  readonly retentionMonths: number | null;
  /** Days a bounce's raw report is kept; the bounce itself stays. Null: kept as long as the bounce. */
  readonly rawReportRetentionDays: number | null;
}

/** What one run of the maintenance does, at a given time. */
export interface BounceRetentionPlan {
  /** The first instants (UTC) of the months that must have a partition: this one and the next two. */
  readonly months: readonly Date[];
  /** Bounces before this instant go: every month that ends by it is dropped whole. Null: none go. */
  readonly dropBefore: Date | null;
  /** Raw reports of bounces before this instant are cleared. Null: none are. */
  readonly clearRawReportsBefore: Date | null;
}

/** Months ahead of the current one that have their partition before their first bounce. */
export const MONTHS_AHEAD = 2;

const DAY_MS = 86_400_000;

/** The first instant of the UTC month `offset` months from the one of `at`. */
export function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

/**
 * `at` less `months` calendar months, in UTC; a day the shorter month lacks becomes its last
 * (31 March less one month is 28 or 29 February).
 */
export function monthsBefore(at: Date, months: number): Date {
  const target = monthStart(at, -months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      target.getUTCFullYear(),
      target.getUTCMonth(),
      Math.min(at.getUTCDate(), lastDay),
      at.getUTCHours(),
      at.getUTCMinutes(),
      at.getUTCSeconds(),
      at.getUTCMilliseconds(),
    ),
  );
}

/** The maintenance's work at `now` under `rules`: no clock, no I/O. */
export function bounceRetentionPlan(now: Date, rules: BounceRetentionRules): BounceRetentionPlan {
  return {
    months: Array.from({ length: MONTHS_AHEAD + 1 }, (_, n) => monthStart(now, n)),
    dropBefore: rules.retentionMonths === null ? null : monthsBefore(now, rules.retentionMonths),
    clearRawReportsBefore: rules.rawReportRetentionDays === null ? null : new Date(now.getTime() - rules.rawReportRetentionDays * DAY_MS),
  };
}
