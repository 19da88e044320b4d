import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional } from 'class-validator';
import { CAMPAIGN_ID_SCHEMA, IsCampaignId, ToCampaignId } from '../../../shared/adapters/http/campaign-id.validator';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStringList } from '../../../shared/adapters/http/string-list.validator';
import { MAX_EMAIL_ADDRESS_LENGTH } from '../../../shared/domain/email-address';
import { MAX_SENDS_PER_CALL } from '../../application/count-sends.use-case';

/** The longest entry read as an address; a longer one is refused with the request (an address is at most 254 characters). */
const MAX_SENT_ADDRESS_LENGTH = MAX_EMAIL_ADDRESS_LENGTH + 64;

export class CountSendsRequestDto {
  @ApiPropertyOptional({
    ...CAMPAIGN_ID_SCHEMA,
    example: 'newsletter-2026-01',
    description:
      'The campaign the messages belong to: text, trimmed, or a non-negative integer (`42` and `"42"` are one campaign); none for messages of no campaign',
  })
  @IsOptional()
  @ToCampaignId()
  @IsCampaignId()
  campaign_id?: string;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_SENDS_PER_CALL,
    example: ['john.doe@example.com', 'jane@example.org'],
    description: `1 to ${MAX_SENDS_PER_CALL} recipients, one per message sent (an address twice is two messages); an entry that is no e-mail address is skipped and counted as \`invalid\``,
  })
  @ValidateInOrder(IsArray(), ArrayMinSize(1), ArrayMaxSize(MAX_SENDS_PER_CALL), IsStringList(MAX_SENT_ADDRESS_LENGTH))
  emails!: string[];
}

export class CountedSendsResponseDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'Messages counted as sent' })
  counted!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Entries that were no e-mail address: not counted' })
  invalid!: number;
}
