import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStorableText } from '../../../shared/adapters/http/storable-text.validator';
import { MAX_ALLOW_LIST_NOTE_LENGTH } from '../../domain/allow-list-entry';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** The optional body of `PUT /allowlist/{pattern}`. */
export class AllowPatternRequestDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Gmail seed inbox of the deliverability panel',
    maxLength: MAX_ALLOW_LIST_NOTE_LENGTH,
    description: 'Why it is on the list; trimmed, kept with the entry (an empty note is none)',
  })
  @IsOptional()
  @Transform(trimmed)
  @ValidateInOrder(IsString({ message: 'must be a string' }), IsStorableText(), MaxLength(MAX_ALLOW_LIST_NOTE_LENGTH))
  note?: string | null;
}
