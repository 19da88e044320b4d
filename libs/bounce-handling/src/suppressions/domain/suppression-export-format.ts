import type { Suppression } from './suppression';

/**
 * How an exported suppression is written: one CSV row (RFC 4180) or one NDJSON line. Both are
 * written from the same flat record, its fields in `SUPPRESSION_EXPORT_COLUMNS` order; the CSV's
 * header row names them, and an import recognises our own file by it.
 */
export const SUPPRESSION_EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type SuppressionExportFormat = (typeof SUPPRESSION_EXPORT_FORMATS)[number];

export const SUPPRESSION_EXPORT_COLUMNS = ['email', 'status', 'reason', 'origin', 'note', 'suppressed_at'] as const;
export type SuppressionExportColumn = (typeof SUPPRESSION_EXPORT_COLUMNS)[number];

/** One suppression as exported: text, or null where it has no value (an empty CSV cell, a JSON null). */
export type ExportedSuppression = Readonly<Record<SuppressionExportColumn, string | null>>;

/** A suppression as exported; `suppressed_at` in RFC 3339, UTC, to the second. */
export function exportedSuppression(suppression: Suppression): ExportedSuppression {
  return {
    email: suppression.email,
    status: suppression.status,
    reason: suppression.reason,
    origin: suppression.origin,
    note: suppression.note,
    suppressed_at: suppression.suppressedAt === null ? null : suppression.suppressedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or carriage return
 * first), or one that already starts with the guard, is written behind a `'`: a note may quote a
 * receiving server's answer, which anyone can word. Our import takes the guard off again.
 */
export const SPREADSHEET_GUARDED = /^'[=+\-@\t\r']/;
const SPREADSHEET_TRIGGER = /^[=+\-@\t\r']/;

export function guardSpreadsheetCell(value: string): string {
  return SPREADSHEET_TRIGGER.test(value) ? `'${value}` : value;
}

/** A cell quoted when it holds a comma, a quote or a line break (RFC 4180 §2), quotes doubled. */
function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  const guarded = guardSpreadsheetCell(value);
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** The first line of a CSV export. */
export function suppressionCsvHeader(): string {
  return `${SUPPRESSION_EXPORT_COLUMNS.join(',')}\r\n`;
}

/** One CSV record, CRLF-terminated as RFC 4180 says. */
export function suppressionCsvRow(suppression: ExportedSuppression): string {
  return `${SUPPRESSION_EXPORT_COLUMNS.map((column) => csvCell(suppression[column])).join(',')}\r\n`;
}

/** One NDJSON line: one JSON object, its keys in column order, `\n`-terminated. */
export function suppressionNdjsonLine(suppression: ExportedSuppression): string {
  const object: Record<string, string | null> = {};
  for (const column of SUPPRESSION_EXPORT_COLUMNS) object[column] = suppression[column];
  return `${JSON.stringify(object)}\n`;
}
