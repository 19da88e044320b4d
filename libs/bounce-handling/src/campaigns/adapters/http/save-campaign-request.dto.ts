import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsRequired, ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStorableText } from '../../../shared/adapters/http/storable-text.validator';
import { MAX_CAMPAIGN_NAME_LENGTH } from '../../domain/campaign';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class SaveCampaignRequestDto {
  @ApiProperty({
    example: 'January Newsletter',
    minLength: 1,
    maxLength: MAX_CAMPAIGN_NAME_LENGTH,
    description: 'Trimmed; shown as `campaign_name` in the bounce list',
  })
  @Transform(trimmed)
  @ValidateInOrder(IsRequired(), IsString(), IsStorableText(), MinLength(1), MaxLength(MAX_CAMPAIGN_NAME_LENGTH))
  name!: string;
}
