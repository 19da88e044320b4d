import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsRequired, ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStorableText } from '../../../shared/adapters/http/storable-text.validator';
import { ADDRESS_STATUSES, isSuppressed, MAX_SUPPRESSION_NOTE_LENGTH, type SuppressedStatus } from '../../../shared/domain/address-status';
import { MAX_SUPPRESSIONS_PER_BATCH } from '../../domain/suppression';

const SUPPRESSED_STATUSES = ADDRESS_STATUSES.filter(isSuppressed);

/**
 * The longest string taken as an address to add: longer than any address, so that a string a
 * little too long is answered `invalid` rather than refused. A bound on the request, not a column.
 */
export const MAX_ADDED_ADDRESS_LENGTH = 320;

export class SuppressionEntryDto {
  @ApiProperty({
    example: 'john.doe@example.com',
    maxLength: MAX_ADDED_ADDRESS_LENGTH,
    description: 'Trimmed and lower-cased; a string that is no valid address is answered `invalid`, not refused',
  })
  @ValidateInOrder(IsRequired(), IsString(), MaxLength(MAX_ADDED_ADDRESS_LENGTH))
  email!: string;

  @ApiProperty({ enum: SUPPRESSED_STATUSES, example: 'unsubscribed' })
  @ValidateInOrder(IsRequired(), IsIn(SUPPRESSED_STATUSES, { message: `must be one of: ${SUPPRESSED_STATUSES.join(', ')}` }))
  status!: SuppressedStatus;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Asked to be removed by phone, ticket 4711', maxLength: MAX_SUPPRESSION_NOTE_LENGTH })
  @IsOptional()
  @ValidateInOrder(IsString(), IsStorableText(), MaxLength(MAX_SUPPRESSION_NOTE_LENGTH))
  note?: string | null;
}

export class AddSuppressionsRequestDto {
  @ApiProperty({
    type: [SuppressionEntryDto],
    minItems: 1,
    maxItems: MAX_SUPPRESSIONS_PER_BATCH,
    description: `1 to ${MAX_SUPPRESSIONS_PER_BATCH} entries, added in one transaction`,
  })
  @ValidateInOrder(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_SUPPRESSIONS_PER_BATCH),
    IsObject({ each: true, message: 'each value in entries must be an object' }),
    ValidateNested({ each: true }),
  )
  @Type(() => SuppressionEntryDto)
  entries!: SuppressionEntryDto[];
}
