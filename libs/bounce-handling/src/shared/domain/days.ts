/** A day of the configured periods (docs/policy.md, rule 13): 24 hours, whatever the calendar says. */
export const DAY_MS = 24 * 3600_000;

/** The moment `days` days after `date` (before it, when `days` is negative). */
export function daysAfter(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}
