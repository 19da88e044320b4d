import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { SuppressedStatus, SuppressionOrigin, SuppressionReason } from '../../../shared/domain/address-status';
import type { SuppressionFilter } from '../../domain/suppression';
import { SUPPRESSION_EXPORT_FORMATS, type SuppressionExportFormat } from '../../domain/suppression-export-format';
import { ListSuppressionsQueryDto } from './list-suppressions-query.dto';
import { instantOfRfc3339 } from './query-list.transform';

/**
 * `GET /suppressions/export`: the filters of `GET /suppressions`, the same rules and
 * documentation (its query less the paging: the export is every match), and the file's format.
 */
export class ExportSuppressionsQueryDto extends OmitType(ListSuppressionsQueryDto, ['limit', 'offset', 'cursor'] as const) {
  @ApiPropertyOptional({
    enum: SUPPRESSION_EXPORT_FORMATS,
    default: 'csv',
    description: 'CSV (a header row, then one suppression a row) or NDJSON (one JSON object a line)',
  })
  @IsOptional()
  @IsIn(SUPPRESSION_EXPORT_FORMATS, { message: `must be one of: ${SUPPRESSION_EXPORT_FORMATS.join(', ')}` })
  format: SuppressionExportFormat = 'csv';

  /** The checked filters as the domain's. */
  toFilter(): SuppressionFilter {
    return {
      emails: this.email,
      domains: this.domain,
      statuses: this.status as SuppressedStatus[] | undefined,
      reasons: this.reason as SuppressionReason[] | undefined,
      origins: this.origin as SuppressionOrigin[] | undefined,
      from: this.from === undefined ? undefined : (instantOfRfc3339(this.from) ?? undefined),
      to: this.to === undefined ? undefined : (instantOfRfc3339(this.to) ?? undefined),
    };
  }
}
