import { Headers, HttpCode, Logger, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { BouncesFacade } from '../../../../../bounces/application/bounces.facade';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../../../shared/adapters/http/api-envelope';
import { rawBodyOf } from '../../../../../shared/adapters/http/raw-body';
import { BasicAuthVerifier } from '../../../../adapters/http/basic-auth.verifier';
import { ApiBasicAuthWebhookRefusals } from '../../../../adapters/http/basic-auth-webhook-responses.decorator';
import { WebhookController } from '../../../../adapters/http/webhook-controller.decorator';
import { WebhookReceiptDto } from '../../../../adapters/http/webhook-receipt.dto';
import { webhookReceipt } from '../../../../application/webhook-receipt';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { SPARKPOST_WEBHOOK_SETTINGS } from '../../application/sparkpost-webhook.settings';
import { mapSparkPostBatch, sparkPostEventTypeOf } from './sparkpost-event.mapper';

/** A body no JSON parser took is read up to this size (the host's webhook limit). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Log lines name at most this many elements or keys, then a count: a batch can hold thousands. */
const MAX_LOGGED = 20;

const EXAMPLE_BATCH = [
  {
    msys: {
      message_event: {
        type: 'bounce',
        bounce_class: '10',
        campaign_id: 'Example Campaign Name',
        error_code: '550',
        event_id: '92356927693813856',
        message_id: '000443ee14578172be22',
        raw_reason: '550 5.1.1 <recipient@example.com>: Recipient address rejected: User unknown',
        reason: '550 5.1.1 ...@... Recipient address rejected: User unknown',
        rcpt_meta: { campaign_id: 'jan-2026' },
        rcpt_to: 'recipient@example.com',
        raw_rcpt_to: 'recipient@example.com',
        rcpt_type: 'to',
        timestamp: '1767960000',
      },
    },
  },
  {
    msys: {
      message_event: {
        type: 'spam_complaint',
        fbtype: 'abuse',
        event_id: '92356927693813857',
        message_id: '000443ee14578172be23',
        rcpt_to: 'jane@example.com',
        timestamp: '1767960001',
      },
    },
  },
  { msys: { track_event: { type: 'open', event_id: '92356927693813858', rcpt_to: 'jim@example.com' } } },
];

/**
 * SparkPost's (Bird's) event webhook (docs/providers.md, "SparkPost"): a JSON array of `msys`
 * events, authenticated by the HTTP Basic credentials of its URL, mapped and ingested in one
 * call before it is answered.
 */
@WebhookController('sparkpost')
export class SparkPostWebhookController {
  private readonly logger = new Logger('SparkPostWebhook');

  constructor(
    private readonly verifier: BasicAuthVerifier,
    private readonly bounces: BouncesFacade,
    private readonly settings: WebhookSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive SparkPost event webhook batches',
    description:
      "SparkPost's (Bird's) event webhook, authenticated by HTTP Basic credentials (`user:password@` in the webhook's URL, one of " +
      '`SPARKPOST_WEBHOOK_BASIC_AUTH`). The body is a JSON array of `{ "msys": { "message_event": {…} } }` elements. `bounce` and ' +
      '`out_of_band` are bounces classified by their `bounce_class` (10 and 30 name the address, 50–54 the sender) and `raw_reason`; ' +
      'classes 60, 80, 90 and 100 (auto-replies, subscribe and unsubscribe requests, challenges) are ignored; `policy_rejection` is a ' +
      'refusal of the sender unless its class names the address; `spam_complaint` is a complaint; `delivery` ends a run of soft bounces. ' +
      'Every event is about its own `rcpt_to`, cc and bcc recipients included. Other message events and other kinds of event ' +
      '(`track_event`, `gen_event`, `unsubscribe_event`, `relay_event`, and the `{ "msys": {} }` of a webhook check) are acknowledged ' +
      "and ignored. Events are deduplicated on `event_id`; a `campaign_id` in `rcpt_meta`, else the transmission's `campaign_id`, " +
      'links the bounce to the campaign. The whole batch is stored before the answer.',
  })
  @ApiConsumes('application/json')
  @ApiBody({ schema: { type: 'array', items: { type: 'object', additionalProperties: true } }, examples: { batch: { value: EXAMPLE_BATCH } } })
  @ApiSuccessResponse(200, WebhookReceiptDto, 'The batch is stored and applied (or deliberately ignored); `received` counts the elements of the posted array', {
    received: 3,
    recorded: 2,
    duplicates: 0,
    ignored: 1,
  })
  @ApiErrorResponses(400, 413)
  @ApiBasicAuthWebhookRefusals('SparkPost', 'SPARKPOST_WEBHOOK_BASIC_AUTH', 'SparkPost retries the batch for 8 hours')
  async receive(
    @Req() request: Request & { rawBody?: Buffer },
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ApiSuccess<WebhookReceiptDto>> {
    this.settings.assertConfigured('sparkpost');
    this.verifier.verify(authorization, this.settings.of(SPARKPOST_WEBHOOK_SETTINGS).credentials, 'SparkPost');
    const batch = await this.batchOf(request);

    const mapping = mapSparkPostBatch(batch);
    const notObjects = mapping.ignored.filter(({ reason }) => reason === 'not-an-object').map(({ detail }) => detail);
    const noAddress = mapping.ignored.filter(({ reason }) => reason === 'no-usable-address').map(({ detail }) => detail);
    if (notObjects.length > 0) this.logger.warn(`Ignored ${notObjects.length} batch element(s) that are not objects: ${listed(notObjects)}`);
    // The unusable value is not logged: it may be most of an address.
    if (noAddress.length > 0) this.logger.warn(`Ignored ${noAddress.length} event(s) with no usable rcpt_to: ${listed(noAddress)}`);

    const outcomes = await this.bounces.ingest(mapping.events);

    const duplicates: string[] = [];
    outcomes.forEach((outcome, index) => {
      const event = mapping.events[index];
      if (outcome.result === 'duplicate') duplicates.push(`${event.providerEventId} (${sparkPostEventTypeOf(event)})`);
    });
    // SparkPost re-posts a whole batch it got no 200 for: duplicates are expected then, and the
    // key and type (never the address) show which.
    if (duplicates.length > 0) this.logger.log(`${duplicates.length} event(s) already recorded under the same key, not stored again: ${listed(duplicates)}`);
    return ok(webhookReceipt(mapping.received, outcomes));
  }

  /** The batch, from the JSON parser's result when it took the body, else from the raw bytes. */
  private async batchOf(request: Request & { rawBody?: Buffer }): Promise<unknown[]> {
    let body: unknown = request.body;
    if (!Array.isArray(body)) {
      const rawBody = await rawBodyOf(request, MAX_BODY_BYTES);
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new MalformedWebhookError('The SparkPost webhook body is not valid JSON');
      }
    }
    if (!Array.isArray(body)) throw new MalformedWebhookError('The SparkPost webhook body must be a JSON array of events');
    return body;
  }
}

function listed(items: readonly string[]): string {
  return items.length <= MAX_LOGGED ? items.join(', ') : `${items.slice(0, MAX_LOGGED).join(', ')} and ${items.length - MAX_LOGGED} more`;
}
