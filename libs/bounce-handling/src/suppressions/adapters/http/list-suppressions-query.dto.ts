import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsString } from 'class-validator';
import { KeysetPaginationQueryDto } from '../../../shared/adapters/http/pagination.dto';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStorableText } from '../../../shared/adapters/http/storable-text.validator';
import { IsStringList } from '../../../shared/adapters/http/string-list.validator';
import { ADDRESS_STATUSES, isSuppressed, SUPPRESSION_ORIGINS, SUPPRESSION_REASONS } from '../../../shared/domain/address-status';
import { MAX_EMAIL_ADDRESS_LENGTH } from '../../../shared/domain/email-address';
import { IsRfc3339, ToQueryList } from './query-list.transform';

/** Most values one list filter takes. */
export const MAX_FILTER_VALUES = 100;

const SUPPRESSED_STATUSES = ADDRESS_STATUSES.filter(isSuppressed);

const oneOf = (values: readonly string[]) => IsIn(values, { each: true, message: `must be one of: ${values.join(', ')} (comma-separated)` });
const listRules = [
  ArrayMinSize(1, { message: 'must not be empty' }),
  ArrayMaxSize(MAX_FILTER_VALUES, { message: `must have at most ${MAX_FILTER_VALUES} values` }),
];

/** The filters of `GET /suppressions`: each narrows the list; a comma list matches any of its values. */
export class ListSuppressionsQueryDto extends KeysetPaginationQueryDto {
  @ApiPropertyOptional({
    type: String,
    example: 'john.doe@example.com',
    description: 'Addresses (comma-separated), matched exactly after trimming and lower-casing',
  })
  @IsOptional()
  @ToQueryList(true)
  @ValidateInOrder(...listRules, IsStringList(MAX_EMAIL_ADDRESS_LENGTH), IsStorableText({ each: true }))
  email?: string[];

  @ApiPropertyOptional({ type: String, example: 'example.com', description: 'Recipient domains (comma-separated): the part after the `@`, lower-cased' })
  @IsOptional()
  @ToQueryList(true)
  @ValidateInOrder(...listRules, IsStringList(MAX_EMAIL_ADDRESS_LENGTH), IsStorableText({ each: true }))
  domain?: string[];

  @ApiPropertyOptional({ type: String, example: 'bounced', description: `Statuses (comma-separated): ${SUPPRESSED_STATUSES.join(', ')}` })
  @IsOptional()
  @ToQueryList()
  @ValidateInOrder(...listRules, oneOf(SUPPRESSED_STATUSES))
  status?: string[];

  @ApiPropertyOptional({
    type: String,
    example: 'hard-bounce,soft-bounce-threshold',
    description: `What suppressed the address (comma-separated): ${SUPPRESSION_REASONS.join(', ')}`,
  })
  @IsOptional()
  @ToQueryList()
  @ValidateInOrder(...listRules, oneOf(SUPPRESSION_REASONS))
  reason?: string[];

  @ApiPropertyOptional({ type: String, example: 'manual', description: `Where the suppression came from (comma-separated): ${SUPPRESSION_ORIGINS.join(', ')}` })
  @IsOptional()
  @ToQueryList()
  @ValidateInOrder(...listRules, oneOf(SUPPRESSION_ORIGINS))
  origin?: string[];

  @ApiPropertyOptional({ type: String, example: '2026-01-01T00:00:00Z', description: 'RFC 3339: only suppressions made at or after this time' })
  @IsOptional()
  @ValidateInOrder(IsString({ message: 'must be an RFC 3339 timestamp, e.g. 2026-01-10T12:00:00Z' }), IsRfc3339())
  from?: string;

  @ApiPropertyOptional({ type: String, example: '2026-02-01T00:00:00Z', description: 'RFC 3339: only suppressions made before this time' })
  @IsOptional()
  @ValidateInOrder(IsString({ message: 'must be an RFC 3339 timestamp, e.g. 2026-01-10T12:00:00Z' }), IsRfc3339())
  to?: string;
}
