import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A UTF-16 surrogate without its other half: no character, and not storable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether PostgreSQL stores the text exactly as given: well-formed Unicode without NUL. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * Free text PostgreSQL can store as given: no NUL character (which a text column refuses) and
 * no lone surrogate (which would silently become U+FFFD). The API refuses such text rather
 * than change what the caller sent; provider payloads, which must be recorded whatever they
 * hold, are cleaned where they are stored instead.
 */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStorableText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be Unicode text without NUL characters or lone surrogates', ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || isStorableText(value) },
    });
}
