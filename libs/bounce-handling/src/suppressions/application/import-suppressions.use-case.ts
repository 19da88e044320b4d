import { Injectable } from '@nestjs/common';
import { MAX_SUPPRESSIONS_PER_BATCH, type SuppressionEntry } from '../domain/suppression';
import { EmptyImportError, recogniseImportHeader, type SuppressionImportFormat, UnreadableImportHeaderError } from '../domain/suppression-import-format';
import { AddSuppressions } from './add-suppressions.use-case';

/**
 * One record of the file as a CSV reader gives it: its cells, or why it could not be read (an
 * unclosed quote). `line` is the physical line it starts on, the header being line 1.
 */
export type ImportCsvRecord = { readonly line: number; readonly fields: readonly string[] } | { readonly line: number; readonly error: string };

export interface ImportSuppressionsCommand {
  /** The file's records in order, the header row first. */
  readonly records: AsyncIterable<ImportCsvRecord>;
  /** Who imported them (an API key's name), for the audit trail. */
  readonly actor: string;
}

export interface InvalidImportRow {
  readonly line: number;
  readonly reason: string;
}

export interface SuppressionImportReport {
  readonly format: SuppressionImportFormat;
  /** Data rows read (the header and blank lines not counted). */
  readonly rows: number;
  readonly added: number;
  readonly alreadySuppressed: number;
  readonly invalid: number;
  /** The first `MAX_LISTED_INVALID_ROWS` invalid rows, in file order; `invalid` counts them all. */
  readonly invalidRows: readonly InvalidImportRow[];
}

/** Invalid rows named in an answer: a file of garbage must not make an answer as large as itself. */
export const MAX_LISTED_INVALID_ROWS = 1000;

interface PendingEntry {
  readonly line: number;
  readonly entry: SuppressionEntry;
}

/**
 * Imports a suppression file (docs/suppression-import.md): its header row says its format (an
 * unknown one is refused before anything is stored), then each row is read to an address and
 * a status, added with origin `import` through `AddSuppressions`, `MAX_SUPPRESSIONS_PER_BATCH`
 * rows a transaction, as they are read: memory does not grow with the file. An invalid row is
 * named by its line and skipped; the valid rows around it are kept. Importing a file again adds
 * nothing (`already_suppressed`).
 */
@Injectable()
export class ImportSuppressions {
  constructor(private readonly addSuppressions: AddSuppressions) {}

  async execute(command: ImportSuppressionsCommand): Promise<SuppressionImportReport> {
    const records = command.records[Symbol.asyncIterator]();
    try {
      return await this.importRecords(records, command.actor);
    } finally {
      // A refused header, or a failed batch, stops the reading: the reader lets go of the file.
      await records.return?.();
    }
  }

  private async importRecords(records: AsyncIterator<ImportCsvRecord>, actor: string): Promise<SuppressionImportReport> {
    const first = await records.next();
    if (first.done === true) throw new EmptyImportError();
    if ('error' in first.value) throw new UnreadableImportHeaderError(first.value.error);
    const header = recogniseImportHeader(first.value.fields);

    let rows = 0;
    let added = 0;
    let alreadySuppressed = 0;
    let invalid = 0;
    const invalidRows: InvalidImportRow[] = [];
    const refuse = (line: number, reason: string): void => {
      invalid += 1;
      if (invalidRows.length < MAX_LISTED_INVALID_ROWS) invalidRows.push({ line, reason });
    };
    let pending: PendingEntry[] = [];
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const results = await this.addSuppressions.execute({ entries: batch.map(({ entry }) => entry), origin: 'import', actor });
      results.forEach((result, index) => {
        if (result.result === 'added') added += 1;
        else if (result.result === 'already_suppressed') alreadySuppressed += 1;
        else refuse(batch[index].line, 'refused by the suppression list');
      });
    };

    for (let next = await records.next(); next.done !== true; next = await records.next()) {
      const record = next.value;
      rows += 1;
      if ('error' in record) {
        refuse(record.line, `not readable as CSV: ${record.error}`);
        continue;
      }
      const row = header.readRow(record.fields);
      if (row.kind === 'invalid') {
        refuse(record.line, row.reason);
        continue;
      }
      pending.push({ line: record.line, entry: { email: row.email, status: row.status, note: row.note } });
      if (pending.length >= MAX_SUPPRESSIONS_PER_BATCH) await flush();
    }
    await flush();
    // Rows refused by the list come after the rows refused while reading: file order again.
    invalidRows.sort((a, b) => a.line - b.line);
    return { format: header.format, rows, added, alreadySuppressed, invalid, invalidRows };
  }
}
