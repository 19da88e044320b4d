import { ApiProperty } from '@nestjs/swagger';
import { MAX_LISTED_INVALID_ROWS, type SuppressionImportReport } from '../../application/import-suppressions.use-case';
import { SUPPRESSION_IMPORT_FORMATS } from '../../domain/suppression-import-format';

/** A row of the file that was not imported. */
export class InvalidImportRowDto {
  @ApiProperty({
    type: 'integer',
    example: 7,
    description: "The row's physical line in the file, the header row being line 1 (a row with a quoted line break: its first line)",
  })
  line!: number;

  @ApiProperty({ example: '"jane.doe@" is not a valid e-mail address', description: 'Why the row was not imported' })
  reason!: string;
}

/** What an import did: counts of the file's rows, and the invalid ones by line. */
export class SuppressionImportReportDto {
  @ApiProperty({
    enum: SUPPRESSION_IMPORT_FORMATS,
    example: 'sendgrid-bounces',
    description: 'The format recognised by the header row (docs/suppression-import.md): `mailpass` is our own export',
  })
  format!: string;

  @ApiProperty({
    type: 'integer',
    example: 1250,
    description: 'Data rows read: every row after the header, blank lines not counted (rows = added + already_suppressed + invalid)',
  })
  rows!: number;

  @ApiProperty({ type: 'integer', example: 1200, description: 'Addresses suppressed by this import (origin `import`)' })
  added!: number;

  @ApiProperty({
    type: 'integer',
    example: 47,
    description: 'Rows whose address was already suppressed with that status (or unsubscribed), including a repeat of an earlier row: nothing changed',
  })
  already_suppressed!: number;

  @ApiProperty({ type: 'integer', example: 3, description: 'Rows not imported: no valid address, a status or reason we cannot map, or unreadable CSV' })
  invalid!: number;

  @ApiProperty({
    type: [InvalidImportRowDto],
    description: `The invalid rows in file order, the first ${MAX_LISTED_INVALID_ROWS} of them (\`invalid\` counts them all)`,
  })
  invalid_rows!: InvalidImportRowDto[];

  static from(report: SuppressionImportReport): SuppressionImportReportDto {
    return {
      format: report.format,
      rows: report.rows,
      added: report.added,
      already_suppressed: report.alreadySuppressed,
      invalid: report.invalid,
      invalid_rows: report.invalidRows.map(({ line, reason }) => ({ line, reason })),
    };
  }
}
