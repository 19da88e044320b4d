import { ApiProperty } from '@nestjs/swagger';
import { IsString, registerDecorator } from 'class-validator';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { AllowListPattern, MAX_ALLOW_LIST_PATTERN_LENGTH } from '../../domain/allow-list-pattern';

/** The domain's own rule for a pattern, so that HTTP and the domain never disagree. */
function IsAllowListPattern(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAllowListPattern',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an e-mail address (someone@example.com) or @ and a domain (@example.com)' },
      validator: { validate: (value: unknown) => typeof value === 'string' && AllowListPattern.isValid(value) },
    });
}

/** The `{pattern}` of an allow-list path: an address or `@` and a domain, trimmed and lower-cased by the use case. */
export class AllowListPatternParamDto {
  @ApiProperty({
    example: '@example.com',
    maxLength: MAX_ALLOW_LIST_PATTERN_LENGTH,
    description:
      'An address (`someone@example.com`) or every address of one domain (`@example.com` — that domain exactly, not its subdomains); case does not matter. URL-encode a `/` or `%` of a local part.',
  })
  @ValidateInOrder(IsString({ message: 'must be a string' }), IsAllowListPattern())
  pattern!: string;
}
