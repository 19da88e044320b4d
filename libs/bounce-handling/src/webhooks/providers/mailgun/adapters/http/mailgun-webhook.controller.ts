import { HttpCode, Logger, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { BouncesFacade } from '../../../../../bounces/application/bounces.facade';
import { ApiErrorEnvelopeDto, ApiErrorResponses, ApiSuccessResponse } from '../../../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../../../shared/adapters/http/api-envelope';
import { rawBodyOf } from '../../../../../shared/adapters/http/raw-body';
import { webhookReceipt } from '../../../../application/webhook-receipt';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { WebhookController } from '../../../../adapters/http/webhook-controller.decorator';
import { WebhookReceiptDto } from '../../../../adapters/http/webhook-receipt.dto';
import { mapMailgunPayload } from './mailgun-event.mapper';
import { MAILGUN_CONTENT_TYPES, parseMailgunPayload } from './mailgun-payload.parser';
import { MailgunSignatureVerifier } from './mailgun-signature.verifier';

/** As the host's limit for webhooks: multipart bodies are read here, not by the host. */
const MAILGUN_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const errorExample = (code: string, message: string) => ({
  schema: { $ref: getSchemaPath(ApiErrorEnvelopeDto) },
  example: { success: false, error: { code, message } },
});

// Mailgun stops retrying only on a 406.
@WebhookController('mailgun', { malformedPayloadStatus: 406 })
export class MailgunWebhookController {
  private readonly logger = new Logger(MailgunWebhookController.name);

  constructor(
    private readonly settings: WebhookSettings,
    private readonly verifier: MailgunSignatureVerifier,
    private readonly bounces: BouncesFacade,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a Mailgun webhook',
    description:
      "Mailgun's current JSON webhooks and its legacy form webhooks (urlencoded or multipart), signed with the " +
      'HTTP webhook signing key (`MAILGUN_WEBHOOK_SIGNING_KEY`): HMAC-SHA256 of `timestamp + token`. Signatures more ' +
      'than 24 hours old or more than 15 minutes ahead are refused. `failed` with severity `permanent` is a hard ' +
      'bounce, with severity `temporary` a soft bounce counted once per message (greylisting is ignored), ' +
      '`complained` a complaint, `delivered` resets the soft-bounce count; every other event is acknowledged and ' +
      'ignored. Re-deliveries are stored once. A 406 tells Mailgun not to retry a body that cannot be read.',
  })
  @ApiConsumes(...MAILGUN_CONTENT_TYPES)
  @ApiBody({
    description: 'JSON `{ "signature", "event-data" }`, or a legacy form with `event`, `recipient`, `timestamp`, `token`, `signature`, …',
    schema: { type: 'object' },
    examples: {
      permanentFailure: {
        summary: 'JSON: a permanent failure (hard bounce)',
        value: {
          signature: { timestamp: '1767261600', token: '7f5c1b0e2a9d4c3e8b6a1f0d2c4e6a8b0c2e4a6c8e0a2b4d6f', signature: '<hex HMAC-SHA256>' },
          'event-data': {
            id: 'G9Bn5sl1TC6nu79C8C0bwg',
            event: 'failed',
            severity: 'permanent',
            reason: 'bounce',
            recipient: 'invalid@example.com',
            timestamp: 1767261600.389832,
            message: { headers: { 'message-id': '20260101100000.1.0DF563D0B3597700@mg.example.org' } },
            'delivery-status': { code: 550, message: '5.1.1 The email account that you tried to reach does not exist' },
            'user-variables': { campaign_id: 'newsletter-2026-01' },
          },
        },
      },
      legacyBounce: {
        summary: 'Legacy form (shown as an object): a bounce',
        value: {
          event: 'bounced',
          recipient: 'invalid@example.com',
          code: '550',
          error: '550 5.1.1 The email account that you tried to reach does not exist',
          'Message-Id': '<20260101100000.1.0DF563D0B3597700@mg.example.org>',
          campaign_id: 'newsletter-2026-01',
          timestamp: '1767261600',
          token: '7f5c1b0e2a9d4c3e8b6a1f0d2c4e6a8b0c2e4a6c8e0a2b4d6f',
          signature: '<hex HMAC-SHA256>',
        },
      },
    },
  })
  @ApiSuccessResponse(200, WebhookReceiptDto, 'The event is stored (or deliberately ignored); Mailgun stops sending it. A Mailgun webhook carries one event', {
    received: 1,
    recorded: 1,
    duplicates: 0,
    ignored: 0,
  })
  @ApiResponse({
    status: 401,
    description: 'The signature is missing, wrong, or its timestamp out of range',
    ...errorExample('UNAUTHORIZED', 'The Mailgun signature does not match'),
  })
  @ApiResponse({
    status: 406,
    description:
      'The body cannot be read as a Mailgun webhook (unparsable, no `event-data`, wrong types, unsupported content type); Mailgun does not retry a 406',
    ...errorExample('NOT_ACCEPTABLE', '"event-data" must be an object'),
  })
  @ApiErrorResponses(413)
  @ApiResponse({
    status: 503,
    description:
      'The signing key is not configured (`NOT_CONFIGURED`, naming MAILGUN_WEBHOOK_SIGNING_KEY) or the database is unavailable (`SERVICE_UNAVAILABLE`); Mailgun retries',
    ...errorExample('NOT_CONFIGURED', 'The Mailgun webhook is not configured: set MAILGUN_WEBHOOK_SIGNING_KEY'),
  })
  async receive(@Req() request: Request & { rawBody?: Buffer }): Promise<ApiSuccess<WebhookReceiptDto>> {
    this.settings.assertConfigured('mailgun');
    const payload = await parseMailgunPayload(request.headers['content-type'], await rawBodyOf(request, MAILGUN_BODY_LIMIT_BYTES));
    this.verifier.verify(payload.signature);
    const mapping = mapMailgunPayload(payload);
    for (const { reason, detail } of mapping.ignored) {
      const line = `Ignored a Mailgun ${JSON.stringify(detail.slice(0, 100))} event: ${reason}`;
      if (reason === 'unusable-recipient') this.logger.warn(line);
      else this.logger.debug(line);
    }
    return ok(webhookReceipt(mapping.received, await this.bounces.ingest(mapping.events)));
  }
}
