import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * A query parameter that may hold several values, comma-separated (`status=bounced,unsubscribed`)
 * or repeated (`status=bounced&status=unsubscribed`): a list of its values, trimmed, for its rules
 * to check. An empty value is an empty list (refused by the rules: a filter of nothing is a mistake).
 */
export function ToQueryList(lowerCase = false): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const parts = (Array.isArray(value) ? value : [value]).flatMap((part: unknown) => (typeof part === 'string' ? part.split(',') : [part]));
    const values = parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== '');
    return lowerCase ? values.map((part) => (typeof part === 'string' ? part.toLowerCase() : part)) : values;
  });
}

/** RFC 3339 with a time and an offset (`Z` or `±hh:mm`), fractions of a second allowed. */
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** The instant an RFC 3339 timestamp names, or null when it is none (a 30 February, an hour 24). */
export function instantOfRfc3339(value: string): Date | null {
  const match = RFC_3339.exec(value);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const offsetHours = match[9] === undefined ? 0 : Number(match[9]);
  const offsetMinutes = match[10] === undefined ? 0 : Number(match[10]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return null;
  const instant = new Date(value.toUpperCase());
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** A timestamp of RFC 3339 (`2026-01-10T12:00:00Z`, `2026-01-10T13:00:00+01:00`). */
export function IsRfc3339(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRfc3339',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an RFC 3339 timestamp, e.g. 2026-01-10T12:00:00Z', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && instantOfRfc3339(value) !== null },
    });
}
