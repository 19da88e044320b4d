import { Headers, HttpCode, Logger, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { BouncesFacade } from '../../../../../bounces/application/bounces.facade';
import { ApiErrorEnvelopeDto, ApiErrorResponses, ApiSuccessResponse } from '../../../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../../../shared/adapters/http/api-envelope';
import { rawBodyOf } from '../../../../../shared/adapters/http/raw-body';
import { webhookReceipt } from '../../../../application/webhook-receipt';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { WebhookController } from '../../../../adapters/http/webhook-controller.decorator';
import { WebhookReceiptDto } from '../../../../adapters/http/webhook-receipt.dto';
import { mapResendEvent } from './resend-event.mapper';
import { ResendSignatureVerifier, SVIX_ID_HEADER, SVIX_SIGNATURE_HEADER, SVIX_TIMESTAMP_HEADER } from './resend-signature.verifier';

/** As the host's limit for webhooks: the JSON bodies are read here, not by the host. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const EXAMPLE_BOUNCE = {
  type: 'email.bounced',
  created_at: '2026-01-09T12:00:01.126Z',
  data: {
    created_at: '2026-01-09T12:00:00.894Z',
    email_id: '56761188-7520-42d8-8898-ff6fc54ce618',
    from: 'Acme <news@acme.example>',
    to: ['john@example.com'],
    subject: 'January news',
    bounce: {
      diagnosticCode: ['smtp; 550 5.1.1 The email account that you tried to reach does not exist'],
      message: "The recipient's email provider sent a hard bounce message.",
      subType: 'General',
      type: 'Permanent',
    },
    tags: { campaign_id: 'jan-2026' },
  },
};

const errorExample = (code: string, message: string) => ({
  schema: { $ref: getSchemaPath(ApiErrorEnvelopeDto) },
  example: { success: false, error: { code, message } },
});

/**
 * Resend's webhook (docs/providers.md, "Resend"): one event per request, delivered and signed
 * by Svix, verified over the raw bytes, mapped per recipient and ingested before it is answered.
 */
@WebhookController('resend')
export class ResendWebhookController {
  private readonly logger = new Logger('ResendWebhook');

  constructor(
    private readonly settings: WebhookSettings,
    private readonly verifier: ResendSignatureVerifier,
    private readonly bounces: BouncesFacade,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a Resend webhook',
    description:
      "Resend's webhook, delivered by Svix and signed with the endpoint's signing secret (`RESEND_WEBHOOK_SECRET`, `whsec_…`): " +
      'HMAC-SHA256 over `svix-id.svix-timestamp.body`; `svix-signature` may hold several `v1,<base64>` signatures during a ' +
      'rotation, any of which may match; a timestamp more than 5 minutes from now is refused. One event per recipient of ' +
      "`data.to`: `email.bounced` is a bounce classified from `bounce.type`/`subType` (Amazon SES's words) and the server's " +
      'answer; `email.suppressed` (Resend refused to send to an address on its suppression list) a hard bounce, reason ' +
      '`suppressed`; `email.complained` a complaint; `email.delivered` ends a run of soft bounces; `email.failed` is ignored ' +
      'unless its reason blames the address; every other event is acknowledged and ignored. Events are deduplicated on ' +
      '`svix-id` and the recipient; a `campaign_id` tag links the bounce to the campaign.',
  })
  @ApiConsumes('application/json')
  @ApiHeader({ name: SVIX_ID_HEADER, required: true, description: "Svix's id of the message, the same on every retry" })
  @ApiHeader({ name: SVIX_TIMESTAMP_HEADER, required: true, description: 'Unix time in seconds, part of the signed data' })
  @ApiHeader({ name: SVIX_SIGNATURE_HEADER, required: true, description: 'Space-separated `v1,<base64>` signatures' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, examples: { bounce: { value: EXAMPLE_BOUNCE } } })
  @ApiSuccessResponse(200, WebhookReceiptDto, 'The event is stored and applied (or deliberately ignored); `received` counts its recipients', {
    received: 1,
    recorded: 1,
    duplicates: 0,
    ignored: 0,
  })
  @ApiErrorResponses(400, 413)
  @ApiExtraModels(ApiErrorEnvelopeDto)
  @ApiResponse({
    status: 401,
    description: 'A Svix header is missing, the signature does not match, or its timestamp is more than 5 minutes from now',
    ...errorExample('UNAUTHORIZED', 'The Resend signature does not match'),
  })
  @ApiResponse({
    status: 503,
    description: 'RESEND_WEBHOOK_SECRET is unset (`NOT_CONFIGURED`) or the database is unavailable (`SERVICE_UNAVAILABLE`); Resend retries',
    ...errorExample('NOT_CONFIGURED', 'The Resend webhook is not configured: set RESEND_WEBHOOK_SECRET'),
  })
  async receive(
    @Req() request: Request & { rawBody?: Buffer },
    @Headers(SVIX_ID_HEADER) id: string | undefined,
    @Headers(SVIX_TIMESTAMP_HEADER) timestamp: string | undefined,
    @Headers(SVIX_SIGNATURE_HEADER) signature: string | undefined,
  ): Promise<ApiSuccess<WebhookReceiptDto>> {
    this.settings.assertConfigured('resend');
    const rawBody = await rawBodyOf(request, MAX_BODY_BYTES);
    this.verifier.verify({ id, timestamp, signature }, rawBody);
    const mapping = mapResendEvent(id as string, eventOf(rawBody));
    for (const { reason, detail } of mapping.ignored) {
      const line = `Ignored a Resend report: ${reason}: ${detail}`;
      if (reason === 'not-used') this.logger.debug(line);
      else this.logger.warn(line);
    }
    return ok(webhookReceipt(mapping.received, await this.bounces.ingest(mapping.events)));
  }
}

/** The event: a JSON object naming its type (Resend sends nothing else). */
function eventOf(rawBody: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedWebhookError('The Resend webhook body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedWebhookError('The Resend webhook body must be a JSON object');
  const event = body as Record<string, unknown>;
  if (typeof event.type !== 'string' || event.type.trim() === '') throw new MalformedWebhookError('The Resend webhook body names no event type');
  return event;
}
