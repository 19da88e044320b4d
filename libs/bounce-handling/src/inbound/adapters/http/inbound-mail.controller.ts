import { Controller, HttpCode, Post, Query, Req, UnsupportedMediaTypeException, UseFilters, UsePipes } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { ApiExceptionFilter } from '../../../shared/adapters/http/api-exception.filter';
import { rawBodyOf } from '../../../shared/adapters/http/raw-body';
import { createRequestValidationPipe } from '../../../shared/adapters/http/request-validation';
import { IngestInboundMail } from '../../application/ingest-inbound-mail.use-case';
import { UnreadableMailError } from '../../domain/inbound.errors';
import { InboundMailQueryDto } from './inbound-mail-query.dto';
import { InboundMailReceiptDto } from './inbound-mail-receipt.dto';

/** The largest message taken: a bounce returns the original, and some originals carry attachments. */
export const MAX_INBOUND_MAIL_BYTES = 10 * 1024 * 1024;

/** The content types a raw message is posted with (curl's `--data-binary @-` with `-H`). */
export const INBOUND_MAIL_CONTENT_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'] as const;

const EXAMPLE_DSN = [
  'From: MAILER-DAEMON@mx.mail.example.net (Mail Delivery System)',
  'To: bounces+alice=example.com@mail.example.net',
  'Subject: Undelivered Mail Returned to Sender',
  'Message-Id: <20261203101500.1A2B3C@mx.mail.example.net>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
  '',
  '--b',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.mail.example.net',
  '',
  'Final-Recipient: rfc822; alice@example.com',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.example.com',
  'Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown',
  '',
  '--b--',
  '',
].join('\r\n');

/**
 * Raw bounce mail (docs/inbound-mail.md): one message as the mail server received it at the
 * bounce address, posted by a mail server's pipe (Postfix, Exim) or read from a mailbox. A
 * message that is no report is answered 200 with no reports, so that the server does not retry it.
 */
@ApiTags('inbound')
@Controller('api/v1/inbound/mail')
@UseFilters(ApiExceptionFilter)
@UsePipes(createRequestValidationPipe())
@RequirePermission('inbound')
export class InboundMailController {
  constructor(private readonly ingestInboundMail: IngestInboundMail) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive one raw bounce message (DSN, ARF feedback report, a server’s own bounce, an auto-reply)',
    description:
      'The body is one RFC 5322 message, as sent to the bounce mailbox (`message/rfc822`, `text/plain` or `application/octet-stream`, at most 10 MB). ' +
      'Delivery status notifications (RFC 3464, and RFC 6533’s global ones), ARF feedback reports (RFC 5965) and the non-standard bounces of common ' +
      'servers (qmail, Exim, Sendmail, Exchange, Gmail, Yahoo, …) are read, one report per recipient, and classified; auto-replies are recognised and ' +
      'ignored. With `INBOUND_VERP_PREFIX` set, a VERP return path (`bounces+alice=example.com@…` in `Delivered-To`, `X-Original-To` or `To`) names ' +
      'the recipient. Reports are stored with `source: inbound`, deduplicated on the message’s `Message-ID` and the recipient, attributed to the ' +
      'campaign of an `X-Campaign-Id` in the returned headers, and applied like any provider’s, before the answer. A message that is no report is ' +
      'answered 200 with `reports: []` (a mail server must not retry it).',
  })
  @ApiConsumes(...INBOUND_MAIL_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' }, examples: { dsn: { value: EXAMPLE_DSN } } })
  @ApiSuccessResponse(200, InboundMailReceiptDto, 'The message was read; its bounces and complaints are stored and applied (none on a dry run)', {
    received: 1,
    recorded: 1,
    duplicates: 0,
    ignored: 0,
    reports: [
      {
        email: 'alice@example.com',
        kind: 'bounce',
        bounce_type: 'hard',
        reason: 'user_unknown',
        category: 'recipient',
        status: '5.1.1',
        diagnostic_code: 'smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown',
        remote_mta: 'mx.example.com',
      },
    ],
  })
  @ApiErrorResponses(400, 413, 415, 503)
  async receive(@Req() request: Request & { rawBody?: Buffer }, @Query() query: InboundMailQueryDto): Promise<ApiSuccess<InboundMailReceiptDto>> {
    if (!hasBody(request)) throw new UnreadableMailError('The request body is empty: post one raw message');
    if (!request.is([...INBOUND_MAIL_CONTENT_TYPES])) {
      throw new UnsupportedMediaTypeException(`The request body must be one raw message (Content-Type: ${INBOUND_MAIL_CONTENT_TYPES.join(', ')})`);
    }
    const raw = await rawBodyOf(request, MAX_INBOUND_MAIL_BYTES);
    const receipt = await this.ingestInboundMail.execute(raw, { dryRun: query.dry_run === 'true' });
    return ok(InboundMailReceiptDto.from(receipt));
  }
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}
