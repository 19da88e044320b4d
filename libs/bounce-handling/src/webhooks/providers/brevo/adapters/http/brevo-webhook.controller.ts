import { Headers, HttpCode, Logger, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { BouncesFacade } from '../../../../../bounces/application/bounces.facade';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../../../shared/adapters/http/api-envelope';
import { rawBodyOf } from '../../../../../shared/adapters/http/raw-body';
import { webhookReceipt } from '../../../../application/webhook-receipt';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { BasicAuthVerifier } from '../../../../adapters/http/basic-auth.verifier';
import { ApiBasicAuthWebhookRefusals } from '../../../../adapters/http/basic-auth-webhook-responses.decorator';
import { WebhookController } from '../../../../adapters/http/webhook-controller.decorator';
import { WebhookReceiptDto } from '../../../../adapters/http/webhook-receipt.dto';
import { BREVO_WEBHOOK_SETTINGS } from '../../application/brevo-webhook.settings';
import { brevoEventTypeOf, mapBrevoEvents } from './brevo-event.mapper';

/** A body no JSON parser took is read up to this size (the host's webhook limit). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Log lines name at most this many elements, then a count: a batch holds up to 500 events. */
const MAX_LOGGED = 20;

const EXAMPLE_EVENT = {
  event: 'hard_bounce',
  email: 'john@example.com',
  id: 123456,
  date: '2026-01-09 13:20:00',
  ts: 1767964800,
  'message-id': '<202601091220.12345678901@smtp-relay.mailin.fr>',
  ts_event: 1767964800,
  subject: 'January newsletter',
  tag: 'jan-2026',
  sending_ip: '185.41.28.109',
  ts_epoch: 1767964800123,
  reason: 'RecipientError: 550 5.1.1 <john@example.com>: Recipient address rejected: User unknown',
  'X-Mailin-custom': '{"campaign_id":"jan-2026"}',
};

const EXAMPLE_BATCH = [
  EXAMPLE_EVENT,
  { event: 'spam', email: 'jane@example.com', 'message-id': '<202601091221.98765432109@smtp-relay.mailin.fr>', ts_epoch: 1767964860456 },
  { event: 'opened', email: 'jim@example.com', 'message-id': '<202601091222.11111111111@smtp-relay.mailin.fr>', ts_epoch: 1767964920789 },
];

/**
 * Brevo's transactional (or marketing) webhook (docs/providers.md, "Brevo"): one event as a
 * JSON object, or a batch of them as a JSON array ("batched webhooks"), authenticated by the
 * HTTP Basic credentials written in the webhook's URL; mapped and ingested in one call before
 * it is answered.
 */
@WebhookController('brevo')
export class BrevoWebhookController {
  private readonly logger = new Logger('BrevoWebhook');

  constructor(
    private readonly verifier: BasicAuthVerifier,
    private readonly bounces: BouncesFacade,
    private readonly settings: WebhookSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive Brevo webhook events',
    description:
      "Brevo's transactional webhook (its marketing webhook's names are read too): one event as a JSON object, or Brevo's batched " +
      'webhook, a JSON array of events. Brevo signs nothing: the webhook is authenticated by the HTTP Basic credentials written in ' +
      'its URL (`https://user:password@host/api/v1/webhooks/brevo`). `hard_bounce` is a hard bounce and `soft_bounce` a soft one, ' +
      "the receiving server's `reason` deciding the cause; `invalid_email` is hard (`user_unknown`); `blocked` (Brevo refused to send) " +
      "is `suppressed` when the address is on Brevo's blocklist, ignored when the contact unsubscribed, and otherwise a block of the " +
      'sender that leaves the address as it is; `spam` is a complaint; `delivered` ends a run of soft bounces; every other event is ' +
      'acknowledged and ignored. Events are deduplicated on a SHA-256 digest of `event`, `email`, `message-id` and `ts_epoch`; a ' +
      '`campaign_id` in `X-Mailin-custom`, else the `tag`, links the bounce to the campaign. Everything is stored before the answer; ' +
      'a malformed body gets a 4xx (Brevo stops retrying it), a failure worth retrying a 5xx.',
  })
  @ApiConsumes('application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', additionalProperties: true },
        { type: 'array', items: { type: 'object', additionalProperties: true } },
      ],
    },
    examples: { single: { value: EXAMPLE_EVENT }, batched: { value: EXAMPLE_BATCH } },
  })
  @ApiSuccessResponse(200, WebhookReceiptDto, 'The events are stored and applied (or deliberately ignored); `received` counts the events posted', {
    received: 3,
    recorded: 2,
    duplicates: 0,
    ignored: 1,
  })
  @ApiErrorResponses(400, 413)
  @ApiBasicAuthWebhookRefusals('Brevo', 'BREVO_WEBHOOK_BASIC_AUTH')
  async receive(
    @Req() request: Request & { rawBody?: Buffer },
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ApiSuccess<WebhookReceiptDto>> {
    const rawBody = await rawBodyOf(request, MAX_BODY_BYTES);
    this.settings.assertConfigured('brevo');
    this.verifier.verify(authorization, this.settings.of(BREVO_WEBHOOK_SETTINGS).credentials, 'Brevo');
    const elements = this.eventsOf(request.body, rawBody);

    const mapping = mapBrevoEvents(elements);
    const notObjects = mapping.ignored.filter(({ reason }) => reason === 'not-an-object').map(({ detail }) => detail);
    const noAddress = mapping.ignored.filter(({ reason }) => reason === 'no-usable-address').map(({ detail }) => detail);
    if (notObjects.length > 0) this.logger.warn(`Ignored ${notObjects.length} batch element(s) that are not objects: ${listed(notObjects)}`);
    // The unusable value is not logged: it may be most of an address.
    if (noAddress.length > 0) this.logger.warn(`Ignored ${noAddress.length} event(s) with no usable email: ${listed(noAddress)}`);

    const outcomes = await this.bounces.ingest(mapping.events);

    const duplicates: string[] = [];
    outcomes.forEach((outcome, index) => {
      const event = mapping.events[index];
      if (outcome.result === 'duplicate') duplicates.push(`${event.providerEventId} (${brevoEventTypeOf(event)})`);
    });
    if (duplicates.length > 0) this.logger.log(`${duplicates.length} event(s) already recorded, not stored again: ${listed(duplicates)}`);
    return ok(webhookReceipt(mapping.received, outcomes));
  }

  /**
   * The events: a batch's elements, or the one event of a single post. A single post that is no
   * event (no `event` name) is refused: retrying it cannot help, and it is not Brevo's.
   */
  private eventsOf(parsed: unknown, rawBody: Buffer): unknown[] {
    let body = parsed;
    if (!isEventShaped(body) && !Array.isArray(body)) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new MalformedWebhookError('The Brevo webhook body is not valid JSON');
      }
    }
    if (Array.isArray(body)) return body;
    if (isEventShaped(body)) return [body];
    throw new MalformedWebhookError('The Brevo webhook body must be an event (a JSON object with an `event` name) or a JSON array of events');
  }
}

function isEventShaped(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as Record<string, unknown>).event === 'string';
}

function listed(items: readonly string[]): string {
  return items.length <= MAX_LOGGED ? items.join(', ') : `${items.slice(0, MAX_LOGGED).join(', ')} and ${items.length - MAX_LOGGED} more`;
}
