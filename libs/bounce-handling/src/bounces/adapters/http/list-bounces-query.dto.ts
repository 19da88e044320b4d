import { type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { KeysetPaginationQueryDto } from '../../../shared/adapters/http/pagination.dto';
import { CampaignId, MAX_CAMPAIGN_ID_LENGTH } from '../../../shared/domain/campaign-id';
import { EmailAddress, MAX_EMAIL_ADDRESS_LENGTH } from '../../../shared/domain/email-address';
import { BOUNCE_CATEGORIES, BOUNCE_REASONS, type BounceCategory, type BounceReason } from '../../domain/bounce-classification/bounce-reason';
import { BOUNCE_SOURCES, BOUNCE_TYPES, type BounceSource, type BounceType } from '../../domain/delivery-event';
import { IsFilterList, IsInstant, MAX_FILTER_VALUES, oneOf, ToFilterList, ToInstant } from './bounce-filter-values';

const lowerCased = (value: string): string => value.toLowerCase();

/**
 * A recipient domain as a stored address ends: no `@`, blank or control character, and no longer
 * than a domain of an address can be.
 */
const DOMAIN = new RegExp(`^[^@\\s\\u0000-\\u001f\\u007f]{1,${MAX_EMAIL_ADDRESS_LENGTH - 2}}$`);

const LIST = `one value, or several separated by commas (at most ${MAX_FILTER_VALUES})`;

/** A query's list of values of a fixed vocabulary, as Swagger shows it. */
const vocabulary = (values: readonly string[], example: string, what: string): ApiPropertyOptions => ({
  type: String,
  description: `${what}: ${LIST}, each one of ${values.map((value) => `\`${value}\``).join(', ')}`,
  example,
});

/**
 * The filters of the bounce list and its paging: each filter a list of values, any of which a
 * bounce may have (`bounce_type=hard,soft`); filters given together all apply. A value outside a
 * filter's vocabulary is refused, naming the filter and listing what it takes.
 */
export class ListBouncesQueryDto extends KeysetPaginationQueryDto {
  @ApiPropertyOptional({
    type: 'string',
    description: `Recipient addresses (trimmed and lower-cased, as stored): ${LIST}`,
    example: 'john@example.com',
  })
  @IsOptional()
  @ToFilterList((value) => EmailAddress.fromProvider(value)?.value ?? value)
  @IsFilterList('an e-mail address', (value) => EmailAddress.fromProvider(value)?.value === value)
  email?: string[];

  @ApiPropertyOptional({
    type: 'string',
    description: `Recipient domains, what follows the \`@\` of the address (lower-cased): ${LIST}`,
    example: 'gmail.com,yahoo.com',
  })
  @IsOptional()
  @ToFilterList(lowerCased)
  @IsFilterList('a domain such as example.com', (value) => DOMAIN.test(value))
  domain?: string[];

  @ApiPropertyOptional(vocabulary(BOUNCE_TYPES, 'hard,complaint', 'Types'))
  @IsOptional()
  @ToFilterList(lowerCased)
  @IsFilterList(oneOf(BOUNCE_TYPES).expected, oneOf(BOUNCE_TYPES).accepts)
  bounce_type?: BounceType[];

  @ApiPropertyOptional(vocabulary(BOUNCE_CATEGORIES, 'recipient', 'Whose fault it is'))
  @IsOptional()
  @ToFilterList(lowerCased)
  @IsFilterList(oneOf(BOUNCE_CATEGORIES).expected, oneOf(BOUNCE_CATEGORIES).accepts)
  category?: BounceCategory[];

  @ApiPropertyOptional(vocabulary(BOUNCE_REASONS, 'user_unknown,mailbox_full', 'Why it bounced'))
  @IsOptional()
  @ToFilterList(lowerCased)
  @IsFilterList(oneOf(BOUNCE_REASONS).expected, oneOf(BOUNCE_REASONS).accepts)
  reason?: BounceReason[];

  @ApiPropertyOptional(vocabulary(BOUNCE_SOURCES, 'ses', 'Where the report came from'))
  @IsOptional()
  @ToFilterList(lowerCased)
  @IsFilterList(oneOf(BOUNCE_SOURCES).expected, oneOf(BOUNCE_SOURCES).accepts)
  source?: BounceSource[];

  @ApiPropertyOptional({
    type: 'string',
    description: `Campaign ids (as given when the bounce was recorded; \`42\` and \`"42"\` are one campaign): ${LIST}`,
    example: 'newsletter-2026-01',
  })
  @IsOptional()
  @ToFilterList((value) => CampaignId.tryParse(value)?.value ?? value)
  @IsFilterList(`a campaign id of 1 to ${MAX_CAMPAIGN_ID_LENGTH} letters, digits, ".", "_", ":" or "-"`, (value) => CampaignId.tryParse(value)?.value === value)
  campaign_id?: string[];

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    description: 'Bounces recorded at or after this instant (RFC 3339)',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @ToInstant()
  @IsInstant()
  from?: Date;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    description: 'Bounces recorded before this instant (RFC 3339); later than `from`',
    example: '2026-02-01T00:00:00Z',
  })
  @IsOptional()
  @ToInstant()
  @IsInstant('from')
  to?: Date;
}
