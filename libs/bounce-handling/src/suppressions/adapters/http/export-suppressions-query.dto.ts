import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, registerDecorator, type ValidationOptions } from 'class-validator';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { SUPPRESSION_REASONS, type SuppressedStatus, type SuppressionReason } from '../../../shared/domain/address-status';
import { EmailAddress } from '../../../shared/domain/email-address';
import { SUPPRESSION_ORIGINS, type SuppressionFilter, type SuppressionOrigin } from '../../domain/suppression';
import { SUPPRESSION_EXPORT_FORMATS, type SuppressionExportFormat } from '../../domain/suppression-export-format';

const SUPPRESSED_STATUSES = ['bounced', 'unsubscribed'] as const;
/** Values one comma list takes: a filter, not a way to post a list of addresses. */
const MAX_LIST_VALUES = 100;
/** RFC 3339 with a time zone: `2026-01-10T12:00:00Z`, `2026-01-10T13:00:00.5+01:00`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** A domain as it follows the `@`: labels of letters, digits and hyphens. */
const DOMAIN = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)*(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** `a,b` (or `?x=a&x=b`) as `['a', 'b']`, trimmed and lower-cased; anything else as it came. */
function ToLowerCaseList(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const parts =
      typeof value === 'string'
        ? value.split(',')
        : Array.isArray(value) && value.every((item) => typeof item === 'string')
          ? value.flatMap((item: string) => item.split(','))
          : null;
    return parts === null ? value : parts.map((part) => part.trim().toLowerCase());
  });
}

function IsListOf(rule: (value: string) => boolean, what: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isListOf',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `must be a comma list of at most ${MAX_LIST_VALUES} ${what}`, ...options },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.length > 0 && value.length <= MAX_LIST_VALUES && value.every((item) => typeof item === 'string' && rule(item)),
      },
    });
}

function IsRfc3339(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRfc3339',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an RFC 3339 date-time with a time zone, such as 2026-01-10T12:00:00Z' },
      validator: { validate: (value: unknown) => typeof value === 'string' && RFC3339.test(value) && !Number.isNaN(Date.parse(value)) },
    });
}

function NotBefore(other: 'from'): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notBefore',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `must not be before ${other}` },
      validator: {
        validate: (value: unknown, args) => {
          const start = (args?.object as Record<string, unknown>)[other];
          return typeof start !== 'string' || typeof value !== 'string' || Date.parse(value) >= Date.parse(start);
        },
      },
    });
}

const isIn =
  <T extends string>(values: readonly T[]) =>
  (value: string): boolean =>
    (values as readonly string[]).includes(value);

/**
 * `GET /suppressions/export`: the list's filters (each a comma list where it makes sense;
 * `from` ≤ suppressed_at < `to`) and the file's format. No paging: the export is every match.
 */
export class ExportSuppressionsQueryDto {
  @ApiPropertyOptional({
    enum: SUPPRESSION_EXPORT_FORMATS,
    default: 'csv',
    description: 'CSV (a header row, then one suppression a row) or NDJSON (one JSON object a line)',
  })
  @IsOptional()
  @IsIn(SUPPRESSION_EXPORT_FORMATS, { message: `must be one of: ${SUPPRESSION_EXPORT_FORMATS.join(', ')}` })
  format: SuppressionExportFormat = 'csv';

  @ApiPropertyOptional({ type: 'string', description: 'Only these addresses (a comma list)', example: 'alice@example.com,bob@example.com' })
  @IsOptional()
  @ToLowerCaseList()
  @IsListOf((value) => EmailAddress.isValid(value), 'valid e-mail addresses')
  email?: string[];

  @ApiPropertyOptional({ type: 'string', description: 'Only addresses at these domains, the part after the `@` (a comma list)', example: 'example.com' })
  @IsOptional()
  @ToLowerCaseList()
  @IsListOf((value) => value.length <= 253 && DOMAIN.test(value), 'domains')
  domain?: string[];

  @ApiPropertyOptional({ type: 'string', description: `Only these statuses (a comma list of ${SUPPRESSED_STATUSES.join(', ')})`, example: 'bounced' })
  @IsOptional()
  @ToLowerCaseList()
  @IsListOf(isIn(SUPPRESSED_STATUSES), `of: ${SUPPRESSED_STATUSES.join(', ')}`)
  status?: SuppressedStatus[];

  @ApiPropertyOptional({
    type: 'string',
    description: `Only suppressions for these reasons (a comma list of ${SUPPRESSION_REASONS.join(', ')})`,
    example: 'hard-bounce,complaint',
  })
  @IsOptional()
  @ToLowerCaseList()
  @IsListOf(isIn(SUPPRESSION_REASONS), `of: ${SUPPRESSION_REASONS.join(', ')}`)
  reason?: SuppressionReason[];

  @ApiPropertyOptional({
    type: 'string',
    description: `Only suppressions of these origins (a comma list of ${SUPPRESSION_ORIGINS.join(', ')})`,
    example: 'import',
  })
  @IsOptional()
  @ToLowerCaseList()
  @IsListOf(isIn(SUPPRESSION_ORIGINS), `of: ${SUPPRESSION_ORIGINS.join(', ')}`)
  origin?: SuppressionOrigin[];

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    description: 'Only addresses suppressed at or after this time (RFC 3339)',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsRfc3339()
  from?: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    description: 'Only addresses suppressed before this time (RFC 3339)',
    example: '2026-02-01T00:00:00Z',
  })
  @IsOptional()
  @ValidateInOrder(IsRfc3339(), NotBefore('from'))
  to?: string;

  toFilter(): SuppressionFilter {
    return {
      ...(this.email === undefined ? {} : { emails: this.email }),
      ...(this.domain === undefined ? {} : { domains: this.domain }),
      ...(this.status === undefined ? {} : { statuses: this.status }),
      ...(this.reason === undefined ? {} : { reasons: this.reason }),
      ...(this.origin === undefined ? {} : { origins: this.origin }),
      ...(this.from === undefined ? {} : { from: new Date(this.from) }),
      ...(this.to === undefined ? {} : { to: new Date(this.to) }),
    };
  }
}
