import { Injectable } from '@nestjs/common';
import type { SuppressionFilter } from '../domain/suppression';
import {
  exportedSuppression,
  type SuppressionExportFormat,
  suppressionCsvHeader,
  suppressionCsvRow,
  suppressionNdjsonLine,
} from '../domain/suppression-export-format';
import { SuppressionRepository } from './ports/suppression.repository.port';

/** Suppressions read from the database at a time, by keyset. */
export const EXPORT_READ_BATCH = 1000;
/** Text handed to the response at a time: fewer, larger writes than one a row. */
const EXPORT_CHUNK_CHARACTERS = 64 * 1024;

/**
 * Every suppression matching the filter, in the list's order (newest first), as CSV (a header
 * row, then one row each) or NDJSON (one object a line), in chunks of text as they are read:
 * memory does not grow with the list.
 */
@Injectable()
export class ExportSuppressions {
  constructor(private readonly suppressions: SuppressionRepository) {}

  async *execute(filter: SuppressionFilter, format: SuppressionExportFormat): AsyncIterable<string> {
    const write = format === 'csv' ? suppressionCsvRow : suppressionNdjsonLine;
    let chunk = format === 'csv' ? suppressionCsvHeader() : '';
    for await (const suppression of this.suppressions.streamAll(filter, EXPORT_READ_BATCH)) {
      chunk += write(exportedSuppression(suppression));
      if (chunk.length >= EXPORT_CHUNK_CHARACTERS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }
}
