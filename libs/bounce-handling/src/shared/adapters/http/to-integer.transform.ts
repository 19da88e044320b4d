import { Transform } from 'class-transformer';

const WHOLE_NUMBER = /^-?\d+$/;

/** Unsigned, at most 16 digits: every value an integer parameter of this API accepts. */
const ACCEPTABLE_DIGITS = /^\d{1,16}$/;

/**
 * An integer parameter of a query or path, as a number for its rules to check. Decimal digits
 * become their value. A whole number with a minus sign or more digits (`-1`, `-0`, twenty 9s)
 * becomes a number beyond every range, so that it is refused as out of range ("must not be less
 * than 0"), not as no integer; `1e1`, `0x10`, ` 5`, `+5` or `2.5` stay text, refused as no integer.
 */
export function integerFromText(value: unknown): unknown {
  if (typeof value !== 'string' || !WHOLE_NUMBER.test(value)) return value;
  if (ACCEPTABLE_DIGITS.test(value)) return Number(value);
  return value.startsWith('-') ? -Number.MAX_VALUE : Number.MAX_VALUE;
}

export function ToInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => integerFromText(value));
}
