import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A campaign id as the platform gives it: 1–100 letters, digits, `.`, `_`, `:` or `-`. */
export const CAMPAIGN_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

export function IsCampaignId(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCampaignId',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && CAMPAIGN_ID_PATTERN.test(value) },
    });
}
