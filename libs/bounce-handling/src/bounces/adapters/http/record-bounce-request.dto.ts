import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CAMPAIGN_ID_SCHEMA, IsCampaignId, ToCampaignId } from '../../../shared/adapters/http/campaign-id.validator';
import { IsEmailAddress } from '../../../shared/adapters/http/email.validator';
import { IsRequired, ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { BOUNCE_TYPES, type BounceType } from '../../domain/delivery-event';
import { IsStorableText } from '../../../shared/adapters/http/storable-text.validator';
import { MAX_CAMPAIGN_ID_LENGTH } from '../../../shared/domain/campaign-id';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_DIAGNOSTIC_CODE_LENGTH } from '../../../shared/domain/provider-text';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RecordBounceRequestDto {
  @ApiProperty({ example: 'invalid@example.com', description: 'Trimmed and lower-cased before it is stored' })
  @ValidateInOrder(IsRequired(), IsString(), IsEmailAddress())
  email!: string;

  @ApiProperty({ enum: BOUNCE_TYPES, example: 'hard' })
  @ValidateInOrder(IsRequired(), IsIn(BOUNCE_TYPES, { message: `must be one of: ${BOUNCE_TYPES.join(', ')}` }))
  bounce_type!: BounceType;

  @ApiPropertyOptional({ example: 'NoEmail', maxLength: MAX_BOUNCE_SUBTYPE_LENGTH })
  @IsOptional()
  @Transform(trimmed)
  @ValidateInOrder(IsString(), IsStorableText(), MinLength(1), MaxLength(MAX_BOUNCE_SUBTYPE_LENGTH))
  bounce_subtype?: string;

  @ApiPropertyOptional({ example: '550 5.1.1 The email account that you tried to reach does not exist', maxLength: MAX_DIAGNOSTIC_CODE_LENGTH })
  @IsOptional()
  @Transform(trimmed)
  @ValidateInOrder(IsString(), IsStorableText(), MinLength(1), MaxLength(MAX_DIAGNOSTIC_CODE_LENGTH))
  diagnostic_code?: string;

  @ApiPropertyOptional({
    ...CAMPAIGN_ID_SCHEMA,
    example: 'newsletter-2026-01',
    description: `The campaign whose message bounced (see PUT /api/v1/campaigns/{id}): text, trimmed, or a non-negative integer, stored as its digits (\`42\` and \`"42"\` are one campaign). A value over ${MAX_CAMPAIGN_ID_LENGTH} characters is refused, never cut.`,
  })
  @IsOptional()
  @ToCampaignId()
  @IsCampaignId()
  campaign_id?: string;
}
