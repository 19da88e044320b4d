import type { ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { CAMPAIGN_ID_PATTERN, CampaignId, InvalidCampaignIdError, MAX_CAMPAIGN_ID_LENGTH } from '../../domain/campaign-id';

/**
 * A campaign id of a request read by `CampaignId`'s rule: text or a non-negative integer,
 * kept as the id's text (42 and " 42 " become "42"). A value that is no campaign id is left as
 * sent, for `IsCampaignId` to refuse.
 */
export function ToCampaignId(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => CampaignId.tryParse(value)?.value ?? value);
}

/**
 * A campaign id as `ToCampaignId` leaves it: the id's text. Anything else is refused with the
 * rule it breaks, so a property without `ToCampaignId` refuses numbers rather than keep them.
 */
export function IsCampaignId(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCampaignId',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: ({ value }: ValidationArguments) => new InvalidCampaignIdError(value).message, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && CampaignId.tryParse(value)?.value === value },
    });
}

/** The OpenAPI schema of a campaign id: text of the pattern, or a non-negative integer. */
export const CAMPAIGN_ID_SCHEMA: ApiPropertyOptions = {
  oneOf: [
    { type: 'string', pattern: CAMPAIGN_ID_PATTERN.source, minLength: 1, maxLength: MAX_CAMPAIGN_ID_LENGTH },
    { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  ],
};
