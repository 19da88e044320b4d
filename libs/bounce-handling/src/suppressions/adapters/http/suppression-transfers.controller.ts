import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Post, Query, Req, Res, UnsupportedMediaTypeException, UseFilters, UsePipes } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentApiKey } from '../../../auth/adapters/http/current-api-key.decorator';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { ApiExceptionFilter } from '../../../shared/adapters/http/api-exception.filter';
import { createRequestValidationPipe } from '../../../shared/adapters/http/request-validation';
import { ExportSuppressions } from '../../application/export-suppressions.use-case';
import { ImportSuppressions } from '../../application/import-suppressions.use-case';
import { EmptyImportError } from '../../domain/suppression-import-format';
import { boundedRequestBody } from './bounded-request-body';
import { csvImportRecords } from './csv-import-records';
import { ExportSuppressionsQueryDto } from './export-suppressions-query.dto';
import { SuppressionImportReportDto } from './suppression-import-report.dto';

/** The largest suppression file taken: a few million addresses. */
export const MAX_SUPPRESSION_IMPORT_BYTES = 50 * 1024 * 1024;

/** The content types a suppression file is posted with: CSV, and what spreadsheets and curl send for it. */
export const SUPPRESSION_IMPORT_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'] as const;

const EXPORT_CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' } as const;

const EXAMPLE_CSV_EXPORT = [
  'email,status,reason,origin,note,suppressed_at',
  'jane.doe@example.com,unsubscribed,import,import,SendGrid spam report: 1764580800,2026-12-01T09:20:00Z',
  'john.doe@example.com,bounced,hard-bounce,bounce,,2026-11-30T17:02:11Z',
  '',
].join('\r\n');

const EXAMPLE_NDJSON_EXPORT = [
  '{"email":"jane.doe@example.com","status":"unsubscribed","reason":"import","origin":"import","note":"SendGrid spam report: 1764580800","suppressed_at":"2026-12-01T09:20:00Z"}',
  '{"email":"john.doe@example.com","status":"bounced","reason":"hard-bounce","origin":"bounce","note":null,"suppressed_at":"2026-11-30T17:02:11Z"}',
  '',
].join('\n');

const EXAMPLE_IMPORT = [
  'email,created,reason,status',
  'john.doe@example.com,1764580800,"550 5.1.1 The email account that you tried to reach does not exist.",5.1.1',
  'jane.doe@,1764580860,Invalid,5.1.1',
  '',
].join('\r\n');

/**
 * The suppression list as a file (docs/suppression-import.md): exported, streamed, in the list's
 * order and with its filters; imported from our own export or a provider's (SES, Mailgun,
 * SendGrid, Postmark), recognised by its header row. The import reads a CSV body, not JSON: this
 * controller is not a `BounceHandlingController`, whose guard takes JSON only.
 */
@ApiTags('suppressions')
@Controller('api/v1/suppressions')
@UseFilters(ApiExceptionFilter)
@UsePipes(createRequestValidationPipe())
@RequirePermission('subscribers')
export class SuppressionTransfersController {
  constructor(
    private readonly exportSuppressions: ExportSuppressions,
    private readonly importSuppressions: ImportSuppressions,
  ) {}

  @Get('export')
  @ApiOperation({
    summary: 'Export the suppression list as CSV or NDJSON',
    description:
      'Every suppression matching the filters (those of `GET /suppressions`, without paging), newest first, streamed as it is read: a list of ' +
      'millions is exported in constant memory. CSV: a header row (`email,status,reason,origin,note,suppressed_at`), then one row each, RFC 4180 ' +
      "(CRLF, quoted where needed); a cell a spreadsheet would run as a formula is written behind a `'`. NDJSON: one JSON object a line, the same " +
      'fields. Both come as an attachment. The CSV is a file `POST /suppressions/import` takes back.',
  })
  @ApiResponse({
    status: 200,
    description: 'The file, streamed (no envelope)',
    headers: {
      'Content-Disposition': {
        description: 'An attachment named for its format',
        schema: { type: 'string', example: 'attachment; filename="suppressions.csv"' },
      },
    },
    content: {
      'text/csv': { schema: { type: 'string' }, example: EXAMPLE_CSV_EXPORT },
      'application/x-ndjson': { schema: { type: 'string' }, example: EXAMPLE_NDJSON_EXPORT },
    },
  })
  @ApiErrorResponses(400, 401, 403, 429, 503)
  async export(@Query() query: ExportSuppressionsQueryDto, @Res() response: Response): Promise<void> {
    const chunks = this.exportSuppressions.execute(query.toFilter(), query.format)[Symbol.asyncIterator]();
    // The first read before the first byte: a failure there (the database down) is still an answer in the envelope.
    const first = await chunks.next();
    response.status(200);
    response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[query.format]);
    response.setHeader('Content-Disposition', `attachment; filename="suppressions.${query.format}"`);
    response.setHeader('Cache-Control', 'no-store');
    async function* rest(): AsyncGenerator<string> {
      if (first.done !== true) yield first.value;
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
    }
    try {
      await pipeline(Readable.from(rest()), response);
    } catch {
      // The client went away, or the list could not be read past the first chunk: the status is
      // sent, so the connection is closed on a short file rather than ended as if it were whole.
      response.destroy();
      await chunks.return?.();
    }
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import a suppression file: our export, or the export of SES, Mailgun, SendGrid or Postmark',
    description:
      'The body is one CSV file (`text/csv`, at most 50 MB; a larger one is refused with 413 before anything is stored). Its header row says ' +
      'its format: our export; the suppression list of Amazon SES (`EmailAddress, Reason, LastUpdateTime`); Mailgun’s bounces (`address, code, ' +
      'error, created_at`), unsubscribes (`address, tags, created_at`) or complaints (`address, created_at`); SendGrid’s bounces or blocks ' +
      '(`email, created, reason, status`), spam reports (`email, created, ip`), invalid emails (`email, created, reason`) or global unsubscribes ' +
      '(`email, created`); Postmark’s suppressions (`EmailAddress, SuppressionReason, Origin, CreatedAt`). An unknown header is refused (400, ' +
      'naming the columns expected) with nothing stored. Bounces, blocks and invalid addresses become `bounced`; complaints, spam reports, ' +
      'unsubscribes and manual suppressions `unsubscribed`; the provider’s reason and date are kept in the note. Valid rows are added (origin ' +
      '`import`, recorded with the API key’s name) 1000 a transaction as they are read; an invalid row is named by its line and skipped. ' +
      'Importing the same file again adds nothing (`already_suppressed`).',
  })
  @ApiConsumes(...SUPPRESSION_IMPORT_CONTENT_TYPES)
  @ApiBody({
    description: 'One CSV file with a header row (UTF-8; a byte-order mark, CRLF or LF line ends, quoted cells are read)',
    schema: { type: 'string', format: 'binary' },
    examples: { sendgrid: { summary: 'A SendGrid bounces export with one invalid row', value: EXAMPLE_IMPORT } },
  })
  @ApiSuccessResponse(200, SuppressionImportReportDto, 'The file was read; its valid rows are on the suppression list', {
    format: 'sendgrid-bounces',
    rows: 2,
    added: 1,
    already_suppressed: 0,
    invalid: 1,
    invalid_rows: [{ line: 3, reason: '"jane.doe@" is not a valid e-mail address' }],
  })
  @ApiErrorResponses(400, 401, 403, 413, 415, 429, 503)
  async import(@Req() request: Request, @CurrentApiKey() apiKey: { readonly name: string }): Promise<ApiSuccess<SuppressionImportReportDto>> {
    if (!hasBody(request)) {
      request.resume();
      throw new EmptyImportError();
    }
    if (!request.is([...SUPPRESSION_IMPORT_CONTENT_TYPES])) {
      request.resume();
      throw new UnsupportedMediaTypeException(`The request body must be one CSV file (Content-Type: ${SUPPRESSION_IMPORT_CONTENT_TYPES.join(', ')})`);
    }
    const body = await boundedRequestBody(request, MAX_SUPPRESSION_IMPORT_BYTES);
    try {
      const report = await this.importSuppressions.execute({ records: csvImportRecords(body), actor: apiKey.name });
      return ok(SuppressionImportReportDto.from(report));
    } finally {
      // A refused header leaves the rest unread: read it away, so that the client can read the answer.
      if (!body.readableEnded) body.resume();
      if (body !== request && !request.readableEnded) request.resume();
    }
  }
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}
