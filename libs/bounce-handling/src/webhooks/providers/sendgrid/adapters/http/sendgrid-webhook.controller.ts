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
import { mapSendGridBatch, sendGridEventTypeOf } from './sendgrid-event.mapper';
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, SendGridSignatureVerifier } from './sendgrid-signature.verifier';

/** A body no JSON parser took is read up to this size (the host's webhook limit). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Log lines name at most this many elements or keys, then a count: a batch can hold thousands. */
const MAX_LOGGED = 20;

const EXAMPLE_BATCH = [
  {
    email: 'john@example.com',
    timestamp: 1767960000,
    'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
    event: 'bounce',
    type: 'bounce',
    status: '5.1.1',
    reason: '550 5.1.1 The email account that you tried to reach does not exist',
    bounce_classification: 'Invalid Address',
    sg_event_id: 'ZHJvcC0xMjM0NTY3ODkw',
    sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
    category: ['newsletter'],
    campaign_id: 'jan-2026',
  },
  {
    email: 'jane@example.com',
    timestamp: 1767960001,
    event: 'spamreport',
    sg_event_id: 'c3BhbS0xMjM0NTY3ODkw',
    sg_message_id: 'Qm9yYWg4d1NxLXdlZXk.filter0002.1.0',
  },
  { email: 'jim@example.com', timestamp: 1767960002, event: 'open', sg_event_id: 'b3Blbi0xMjM0NTY3ODkw', sg_message_id: 'X2dMZ2V4cFRzLW1haWw.filter0003.1.0' },
];

/**
 * SendGrid's signed event webhook (docs/providers.md, "SendGrid"): a JSON array of events,
 * verified, mapped and ingested in one call — one transaction per 500 distinct addresses —
 * before it is answered.
 */
@WebhookController('sendgrid')
export class SendGridWebhookController {
  private readonly logger = new Logger('SendGridWebhook');

  constructor(
    private readonly verifier: SendGridSignatureVerifier,
    private readonly bounces: BouncesFacade,
    private readonly settings: WebhookSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive SendGrid event webhook batches',
    description:
      "SendGrid's signed Event Webhook. The body is SendGrid's JSON array of events, signed with ECDSA P-256 over the " +
      '`X-Twilio-Email-Event-Webhook-Timestamp` header followed by the raw body; timestamps more than 72 hours old or 15 minutes ' +
      'ahead are refused. `bounce` (`type: bounce`, or no type) is a hard bounce and `type: blocked` a soft one; `dropped` for ' +
      '`Bounced Address` or `Invalid` is hard and for `Spam Reporting Address` a complaint; `spamreport` is a complaint; `delivered` ' +
      'ends a run of soft bounces; every other event is acknowledged and ignored. Events are deduplicated on `sg_event_id`; a ' +
      '`campaign_id` custom arg links the bounce to the campaign. The whole batch is stored (one transaction per 500 distinct addresses) before the answer.',
  })
  @ApiConsumes('application/json')
  @ApiHeader({ name: 'X-Twilio-Email-Event-Webhook-Signature', required: true, description: 'Base64 DER ECDSA signature' })
  @ApiHeader({ name: 'X-Twilio-Email-Event-Webhook-Timestamp', required: true, description: 'Unix time in seconds, part of the signed data' })
  @ApiBody({ schema: { type: 'array', items: { type: 'object', additionalProperties: true } }, examples: { batch: { value: EXAMPLE_BATCH } } })
  @ApiSuccessResponse(200, WebhookReceiptDto, 'The batch is stored and applied (or deliberately ignored); `received` counts the elements of the posted array', {
    received: 3,
    recorded: 2,
    duplicates: 0,
    ignored: 1,
  })
  @ApiErrorResponses(400, 413)
  @ApiExtraModels(ApiErrorEnvelopeDto)
  @ApiResponse({
    status: 401,
    description: 'The signature or its timestamp is missing, invalid, or outside the accepted window',
    schema: { $ref: getSchemaPath(ApiErrorEnvelopeDto) },
    example: { success: false, error: { code: 'UNAUTHORIZED', message: 'The SendGrid signature does not match' } },
  })
  @ApiResponse({
    status: 503,
    description: 'SENDGRID_WEBHOOK_PUBLIC_KEY is unset or not a P-256 public key, or the database is unavailable; SendGrid retries',
    schema: { $ref: getSchemaPath(ApiErrorEnvelopeDto) },
    example: { success: false, error: { code: 'NOT_CONFIGURED', message: 'The SendGrid webhook is not configured: set SENDGRID_WEBHOOK_PUBLIC_KEY' } },
  })
  async receive(
    @Req() request: Request & { rawBody?: Buffer },
    @Headers(SENDGRID_SIGNATURE_HEADER) signature: string | undefined,
    @Headers(SENDGRID_TIMESTAMP_HEADER) timestamp: string | undefined,
  ): Promise<ApiSuccess<WebhookReceiptDto>> {
    const rawBody = await rawBodyOf(request, MAX_BODY_BYTES);
    this.settings.assertConfigured('sendgrid');
    this.verifier.verify(signature, timestamp, rawBody);
    const batch = this.batchOf(request.body, rawBody);

    const mapping = mapSendGridBatch(batch);
    const notObjects = mapping.ignored.filter(({ reason }) => reason === 'not-an-object').map(({ detail }) => detail);
    const noAddress = mapping.ignored.filter(({ reason }) => reason === 'no-usable-address').map(({ detail }) => detail);
    if (notObjects.length > 0) this.logger.warn(`Ignored ${notObjects.length} batch element(s) that are not objects: ${listed(notObjects)}`);
    // The unusable value is not logged: it may be most of an address.
    if (noAddress.length > 0) this.logger.warn(`Ignored ${noAddress.length} event(s) with no usable email: ${listed(noAddress)}`);

    const outcomes = await this.bounces.ingest(mapping.events);

    const duplicates: string[] = [];
    outcomes.forEach((outcome, index) => {
      // SendGrid re-delivers often, but sg_event_id values have also been seen reused across
      // distinct events: the key and the event type (never the address) make either visible.
      const event = mapping.events[index];
      if (outcome.result === 'duplicate') duplicates.push(`${event.providerEventId} (${sendGridEventTypeOf(event)})`);
    });
    if (duplicates.length > 0) {
      this.logger.warn(`${duplicates.length} event(s) already recorded under the same key, not stored again: ${listed(duplicates)}`);
    }
    return ok(webhookReceipt(mapping.received, outcomes));
  }

  /** The events, from the JSON parser's result when it took the body, else from the raw bytes. */
  private batchOf(parsed: unknown, rawBody: Buffer): unknown[] {
    let body = parsed;
    if (!Array.isArray(body)) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new MalformedWebhookError('The SendGrid event webhook body is not valid JSON');
      }
    }
    if (!Array.isArray(body)) throw new MalformedWebhookError('The SendGrid event webhook body must be a JSON array of events');
    return body;
  }
}

function listed(items: readonly string[]): string {
  return items.length <= MAX_LOGGED ? items.join(', ') : `${items.slice(0, MAX_LOGGED).join(', ')} and ${items.length - MAX_LOGGED} more`;
}
