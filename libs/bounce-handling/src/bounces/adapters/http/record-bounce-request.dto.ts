import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCampaignId } from '../../../shared/adapters/http/campaign-id.validator';
import { IsEmailAddress } from '../../../shared/adapters/http/email.validator';
import { IsRequired, ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { BOUNCE_TYPES, type BounceType } from '../../domain/delivery-event';
import { IsStorableText } from '../../../shared/adapters/http/storable-text.validator';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RecordBounceRequestDto {
  @ApiProperty({ example: 'invalid@example.com', description: 'Trimmed and lower-cased before it is stored' })
  @ValidateInOrder(IsRequired(), IsString(), IsEmailAddress())
  email!: string;

  @ApiProperty({ enum: BOUNCE_TYPES, example: 'hard' })
  @ValidateInOrder(IsRequired(), IsIn(BOUNCE_TYPES, { message: `must be one of: ${BOUNCE_TYPES.join(', ')}` }))
  bounce_type!: BounceType;

  @ApiPropertyOptional({ example: 'NoEmail', maxLength: 255 })
  @IsOptional()
  @Transform(trimmed)
  @ValidateInOrder(IsString(), IsStorableText(), MinLength(1), MaxLength(255))
  bounce_subtype?: string;

  @ApiPropertyOptional({ example: '550 5.1.1 The email account that you tried to reach does not exist', maxLength: 4000 })
  @IsOptional()
  @Transform(trimmed)
  @ValidateInOrder(IsString(), IsStorableText(), MinLength(1), MaxLength(4000))
  diagnostic_code?: string;

  @ApiPropertyOptional({ example: 'newsletter-2026-01', description: 'The campaign whose message bounced (see PUT /api/v1/campaigns/{id})' })
  @IsOptional()
  @ValidateInOrder(IsString(), IsCampaignId())
  campaign_id?: string;
}
