import { ValidationError } from '../../shared/domain/domain-error';

export const STATISTICS_INTERVALS = ['hour', 'day', 'week'] as const;
export type StatisticsInterval = (typeof STATISTICS_INTERVALS)[number];

/** What statistics are kept by, besides time: every counted message or report is in one group of each. */
export const STATISTICS_DIMENSIONS = ['campaign', 'domain', 'reason', 'category', 'source'] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

/** Longest dimension a counter row's column holds. */
export const MAX_STATISTICS_DIMENSION_LENGTH = 16;

/** Longest group a counter row's column holds: a campaign id, a recipient domain (at most 252), a reason, a category, a source. */
export const MAX_STATISTICS_GROUP_LENGTH = 255;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LENGTH: Record<StatisticsInterval, number> = { hour: HOUR, day: DAY, week: 7 * DAY };

/** Buckets one answer may hold: a week of hours, a year of days, a year of weeks. */
export const MAX_BUCKETS: Record<StatisticsInterval, number> = { hour: 168, day: 366, week: 53 };

/** Buckets of a range whose start is not given: a day of hours, 30 days, 12 weeks. */
export const DEFAULT_BUCKETS: Record<StatisticsInterval, number> = { hour: 24, day: 30, week: 12 };

/** Groups a grouped answer holds at most (`limit`): by default, and at most. */
export const DEFAULT_GROUP_LIMIT = 20;
export const MAX_GROUP_LIMIT = 100;

/** The range of an answer: whole intervals, `from` ≤ bucket start < `to`. */
export interface StatisticsRange {
  readonly from: Date;
  readonly to: Date;
  readonly interval: StatisticsInterval;
}

/** The start of the interval holding `at`, in UTC; weeks start on Monday (ISO 8601). */
export function intervalStart(at: Date, interval: StatisticsInterval): Date {
  const day = Math.floor(at.getTime() / DAY) * DAY;
  switch (interval) {
    case 'hour':
      return new Date(Math.floor(at.getTime() / HOUR) * HOUR);
    case 'day':
      return new Date(day);
    case 'week':
      // 1970-01-01 was a Thursday: Monday is three days later, as the days go modulo seven.
      return new Date(day - ((((day / DAY + 3) % 7) + 7) % 7) * DAY);
  }
}

/** The buckets' starts of a range, in order. */
export function bucketStarts(range: StatisticsRange): Date[] {
  const starts: Date[] = [];
  for (let at = range.from.getTime(); at < range.to.getTime(); at += LENGTH[range.interval]) starts.push(new Date(at));
  return starts;
}

/**
 * The range an answer covers, in whole intervals: `from` rounded down to the start of its
 * interval, `to` up to the end of its own (so that the instants asked for are all covered).
 * Without `to`: up to now; without `from`: `DEFAULT_BUCKETS` before `to`. A range of more than
 * `MAX_BUCKETS` intervals, or that ends before it starts, is refused naming `from`.
 */
export function statisticsRange(asked: { from?: Date; to?: Date; interval: StatisticsInterval }, now: Date): StatisticsRange {
  const { interval } = asked;
  const length = LENGTH[interval];
  const toAsked = asked.to ?? now;
  const end = intervalStart(toAsked, interval);
  const to = end.getTime() === toAsked.getTime() ? end : new Date(end.getTime() + length);
  const from = asked.from === undefined ? new Date(to.getTime() - DEFAULT_BUCKETS[interval] * length) : intervalStart(asked.from, interval);
  if (from.getTime() >= to.getTime()) {
    throw asked.to === undefined ? rangeError('from', 'must be earlier than now (the default of to)') : rangeError('to', 'must be later than from');
  }
  const buckets = (to.getTime() - from.getTime()) / length;
  if (buckets > MAX_BUCKETS[interval]) {
    throw rangeError(
      'from',
      `the range from ${from.toISOString()} to ${to.toISOString()} holds ${buckets} intervals of a ${interval}; at most ${MAX_BUCKETS[interval]} are answered at once: narrow it, or take a longer interval`,
    );
  }
  return { from, to, interval };
}

function rangeError(field: string, message: string): ValidationError {
  return new ValidationError(`${field}: ${message}`, [{ field, message }]);
}
