import type { Readable } from 'node:stream';
import { type CsvError, type Info, parse } from 'csv-parse';
import type { ImportCsvRecord } from '../../application/import-suppressions.use-case';

/**
 * Longest record read: a suppression row is an address and a few short cells. An unclosed quote
 * would otherwise hold the rest of the file in memory as one cell.
 */
export const MAX_CSV_RECORD_BYTES = 64 * 1024;

/**
 * The records of a CSV body, as they are parsed (csv-parse, streamed: the body is never held
 * whole), each with the physical line it starts on. A record that cannot be read is given as an
 * error in its place: an unclosed quote takes the rest of the file into its cell, and the file is
 * not read past a record over `MAX_CSV_RECORD_BYTES`; both are said.
 * Blank lines and rows of empty cells are skipped; a UTF-8 byte-order mark is dropped; lines may
 * end in CRLF, LF or CR; rows may have more or fewer cells than the header.
 */
export async function* csvImportRecords(body: Readable): AsyncIterable<ImportCsvRecord> {
  const skipped: ImportCsvRecord[] = [];
  const parser = parse({
    bom: true,
    info: true,
    raw: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    max_record_size: MAX_CSV_RECORD_BYTES,
  });
  parser.on('skip', (error: CsvError & { raw?: string }) => {
    skipped.push({ line: startLine(Number(error.lines), error.raw), error: describe(error) });
  });
  body.on('error', (error) => parser.destroy(error));
  body.pipe(parser);
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: Info; raw: string }>) {
      const line = startLine(info.lines, raw);
      // A skip is emitted as the parser passes it: before the records after it are read.
      while (skipped.length > 0 && skipped[0].line < line) yield skipped.shift()!;
      yield { line, fields: record };
    }
    yield* skipped;
  } finally {
    // Stopped early (a refused header): the body is let go, for its owner to drain.
    body.unpipe(parser);
    parser.destroy();
  }
}

function describe(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quote opened on this line is never closed: the rest of the file is one cell';
    case 'CSV_MAX_RECORD_SIZE':
      return `the row is longer than ${MAX_CSV_RECORD_BYTES} bytes: the file was not read past it`;
    default:
      return error.message.replace(/ at line \d+/, '');
  }
}

/** The line a record starts on: the line it ends on, less the line breaks inside it. */
function startLine(endLine: number, raw: string | undefined): number {
  if (raw === undefined) return endLine;
  const inside = raw.replace(/[\r\n]+$/, '');
  let breaks = 0;
  for (const character of inside) if (character === '\n') breaks += 1;
  return endLine - breaks;
}
