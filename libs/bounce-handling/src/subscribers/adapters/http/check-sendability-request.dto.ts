import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStringList } from '../../../shared/adapters/http/string-list.validator';

export const MAX_ADDRESSES_PER_CHECK = 1000;

export class CheckSendabilityRequestDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_ADDRESSES_PER_CHECK,
    example: ['john.doe@example.com', 'invalid@example.com', 'not an address'],
    description: `1 to ${MAX_ADDRESSES_PER_CHECK} strings of at most 320 characters; a string that is no valid address is answered \`invalid_address\`, not refused`,
  })
  // Missing, null or not a list alike: "emails must be an array" says what to send.
  @ValidateInOrder(IsArray(), ArrayMinSize(1), ArrayMaxSize(MAX_ADDRESSES_PER_CHECK), IsStringList(320))
  emails!: string[];
}
