import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStringList } from '../../../shared/adapters/http/string-list.validator';

export const MAX_ADDRESSES_PER_CHECK = 1000;

/**
 * The longest string taken as an address to check: longer than any address
 * (`MAX_EMAIL_ADDRESS_LENGTH`), so that a string a little too long is answered
 * `invalid_address` rather than refused. A bound on the request, not a column.
 */
export const MAX_CHECKED_ADDRESS_LENGTH = 320;

export class CheckSendabilityRequestDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_ADDRESSES_PER_CHECK,
    example: ['john.doe@example.com', 'invalid@example.com', 'not an address'],
    description: `1 to ${MAX_ADDRESSES_PER_CHECK} strings of at most ${MAX_CHECKED_ADDRESS_LENGTH} characters; a string that is no valid address is answered \`invalid_address\`, not refused`,
  })
  // Missing, null or not a list alike: "emails must be an array" says what to send.
  @ValidateInOrder(IsArray(), ArrayMinSize(1), ArrayMaxSize(MAX_ADDRESSES_PER_CHECK), IsStringList(MAX_CHECKED_ADDRESS_LENGTH))
  emails!: string[];
}
