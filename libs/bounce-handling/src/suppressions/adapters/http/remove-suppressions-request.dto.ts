import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional } from 'class-validator';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStringList } from '../../../shared/adapters/http/string-list.validator';
import { MAX_SUPPRESSIONS_PER_BATCH } from '../../domain/suppression';
import { MAX_ADDED_ADDRESS_LENGTH } from './add-suppressions-request.dto';

export class RemoveSuppressionsRequestDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_SUPPRESSIONS_PER_BATCH,
    example: ['john.doe@example.com', 'jane@example.com'],
    description: `1 to ${MAX_SUPPRESSIONS_PER_BATCH} addresses of at most ${MAX_ADDED_ADDRESS_LENGTH} characters, trimmed and lower-cased; removed in one transaction`,
  })
  @ValidateInOrder(IsArray(), ArrayMinSize(1), ArrayMaxSize(MAX_SUPPRESSIONS_PER_BATCH), IsStringList(MAX_ADDED_ADDRESS_LENGTH))
  emails!: string[];

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Also remove addresses that complained or are unsubscribed (a person’s own wish); they are kept (`kept_complaint`) otherwise',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean (true or false)' })
  include_complaints?: boolean;
}
