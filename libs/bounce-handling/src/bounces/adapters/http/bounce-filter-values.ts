import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Most values a filter of the list takes at once. */
export const MAX_FILTER_VALUES = 100;

/** The longest value quoted back in a message: a refused value may be as long as a query string. */
const QUOTED_LENGTH = 40;

/**
 * A filter of a query as a list of values: `a,b` and `?x=a&x=b` are the same two values, each
 * trimmed (and read by `normalise`). Anything that is not text (`x[a]=b`) is left as sent, for
 * `IsFilterList` to refuse.
 */
export function ToFilterList(normalise: (value: string) => string = (value) => value): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const parts = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(parts) || !parts.every((part) => typeof part === 'string')) return value;
    return parts.flatMap((part: string) => part.split(',')).map((item) => normalise(item.trim()));
  });
}

/**
 * A list as `ToFilterList` makes it: 1 to `MAX_FILTER_VALUES` values, none empty, each one that
 * `accepts` takes, or refused with the first value that is not, and what a value must be
 * (`expected`: "one of: hard, soft, complaint").
 */
export function IsFilterList(expected: string, accepts: (value: string) => boolean): PropertyDecorator {
  const problemOf = (list: unknown): string | null => {
    if (!Array.isArray(list)) return 'must be text: one value, or several separated by commas';
    if (list.some((value) => value === '')) return 'must not hold an empty value (two commas in a row, or one at an end)';
    if (list.length > MAX_FILTER_VALUES) return `must hold at most ${MAX_FILTER_VALUES} values`;
    const refused = (list as string[]).find((value) => !accepts(value));
    return refused === undefined ? null : `each value must be ${expected}; ${quoted(refused)} is not`;
  };
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isFilterList',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: ({ value }: ValidationArguments) => problemOf(value) ?? '' },
      validator: { validate: (value: unknown) => problemOf(value) === null },
    });
}

/** `one of: a, b, c`, for a filter over a fixed vocabulary. */
export function oneOf(values: readonly string[]): { expected: string; accepts: (value: string) => boolean } {
  const allowed = new Set(values);
  return { expected: `one of: ${values.join(', ')}`, accepts: (value) => allowed.has(value) };
}

function quoted(value: string): string {
  return JSON.stringify(value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH)}…` : value);
}

/**
 * RFC 3339 date-time (section 5.6): a date, `T`, a time with optional fraction, and `Z` or an
 * offset. A `+` of an offset that reached the query unescaped reads as a space, and is taken as
 * the `+` it was.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+\- ])(\d{2}):(\d{2}))$/;

/** The instant an RFC 3339 date-time names (to the millisecond: finer digits are dropped), or null when it names none. */
export function instantOf(text: string): Date | null {
  const match = DATE_TIME.exec(text);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const sign = match[9] === '-' ? -1 : 1;
  const [offsetHours, offsetMinutes] = match[8] === undefined ? [Number(match[10]), Number(match[11])] : [0, 0];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  // Not Date.UTC: it reads years 0 to 99 as 1900 to 1999.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, milliseconds);
  // Day 30 of February would roll over into March.
  if (year < 1 || day < 1 || local.getUTCDate() !== day) return null;
  const instant = new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  const utcYear = instant.getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999 ? instant : null;
}

const DATE_TIME_MESSAGE = 'must be an RFC 3339 date-time, such as 2026-01-10T12:00:00Z';

/** An RFC 3339 date-time of a query as its instant; anything else is left as sent, for `IsInstant` to refuse. */
export function ToInstant(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (instantOf(value) ?? value) : value));
}

/** A date-time as `ToInstant` reads it; with `after`, also later than that property's instant. */
export function IsInstant(after?: string): PropertyDecorator {
  const problemOf = (value: unknown, object: object): string | null => {
    if (!(value instanceof Date)) return DATE_TIME_MESSAGE;
    const earlier = after === undefined ? undefined : (object as Record<string, unknown>)[after];
    return earlier instanceof Date && value.getTime() <= earlier.getTime() ? `must be later than ${after}` : null;
  };
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: ({ value, object }: ValidationArguments) => problemOf(value, object) ?? '' },
      validator: { validate: (value: unknown, args?: ValidationArguments) => problemOf(value, args?.object ?? {}) === null },
    });
}
