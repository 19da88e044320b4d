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
import { MAILJET_WEBHOOK_SETTINGS } from '../../application/mailjet-webhook.settings';
import { isMailjetEvent, mapMailjetEvents } from './mailjet-event.mapper';
import { parseMailjetJson } from './mailjet-json';

/** The host's webhook limit: a grouped request holds every event of the last second. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Log lines name at most this many elements, then a count. */
const MAX_LOGGED = 20;

const EXAMPLE_BOUNCE = {
  event: 'bounce',
  time: 1430812195,
  MessageID: 13792286917004336,
  Message_GUID: '1ab23cd4-e567-8901-2345-6789f0gh1i2j',
  email: 'john@example.com',
  mj_campaign_id: 0,
  mj_contact_id: 0,
  customcampaign: '',
  CustomID: 'jan-2026',
  Payload: '',
  blocked: false,
  hard_bounce: true,
  error_related_to: 'recipient',
  error: 'user unknown',
  comment: '550 5.1.1 <john@example.com>: Recipient address rejected: User unknown',
};

const EXAMPLE_GROUP = [
  EXAMPLE_BOUNCE,
  {
    event: 'blocked',
    time: 1430812196,
    MessageID: 13792286917004340,
    email: 'jane@example.com',
    customcampaign: 'jan-2026',
    error_related_to: 'spam',
    error: 'sender blocked',
  },
  { event: 'open', time: 1430812197, MessageID: 13792286917004342, email: 'jim@example.com', ip: '127.0.0.1', geo: 'FR', agent: 'Mozilla/5.0' },
];

/**
 * Mailjet's event webhook (docs/providers.md, "Mailjet"): one event as a JSON object, or, with
 * "Group events", a JSON array of them; authenticated by the HTTP Basic credentials written in
 * the webhook's URL. Every event is stored before the answer.
 */
@WebhookController('mailjet')
export class MailjetWebhookController {
  private readonly logger = new Logger('MailjetWebhook');

  constructor(
    private readonly verifier: BasicAuthVerifier,
    private readonly bounces: BouncesFacade,
    private readonly settings: WebhookSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive Mailjet event webhooks',
    description:
      "Mailjet's Event API, authenticated by the HTTP Basic credentials written in the webhook URL " +
      '(`https://user:password@host/api/v1/webhooks/mailjet`, checked against `MAILJET_WEBHOOK_BASIC_AUTH`). The body is one event ' +
      'as a JSON object or, with "Group events", a JSON array of events. `bounce` and `blocked` are bounces classified from ' +
      "`error_related_to`/`error` and `comment` (`hard_bounce` is Mailjet's word when the cause stays undetermined): an unknown user " +
      'is hard, a full mailbox soft, `sender blocked`, `content blocked`, `policy issue` and `preblocked` are refusals of the sender ' +
      'that leave the address unchanged; `spam reporter` is a complaint; `duplicate in campaign`, `blacklisted` and a soft ' +
      '`greylisted` are ignored. `spam` is a complaint; `sent` ends a run of soft bounces; every other event is acknowledged and ' +
      'ignored. Events are deduplicated on a SHA-256 digest of `event`, `email`, `MessageID` and `time`; `CustomID`, else the ' +
      '`Payload` (its `campaign_id`, or the text), else `customcampaign` links the bounce to a campaign. Answered 200 only once ' +
      'stored; Mailjet retries any other answer.',
  })
  @ApiConsumes('application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', additionalProperties: true },
        { type: 'array', items: { type: 'object', additionalProperties: true } },
      ],
    },
    examples: { single: { value: EXAMPLE_BOUNCE }, grouped: { value: EXAMPLE_GROUP } },
  })
  @ApiSuccessResponse(200, WebhookReceiptDto, 'The events are stored and applied (or deliberately ignored); `received` counts the events posted', {
    received: 3,
    recorded: 2,
    duplicates: 0,
    ignored: 1,
  })
  @ApiErrorResponses(400, 413)
  @ApiBasicAuthWebhookRefusals('Mailjet', 'MAILJET_WEBHOOK_BASIC_AUTH')
  async receive(
    @Req() request: Request & { rawBody?: Buffer },
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ApiSuccess<WebhookReceiptDto>> {
    const rawBody = await rawBodyOf(request, MAX_BODY_BYTES);
    this.settings.assertConfigured('mailjet');
    this.verifier.verify(authorization, this.settings.of(MAILJET_WEBHOOK_SETTINGS).credentials, 'Mailjet');
    const mapping = mapMailjetEvents(this.eventsOf(rawBody));
    const notObjects = mapping.ignored.filter(({ reason }) => reason === 'not-an-object').map(({ detail }) => detail);
    const noAddress = mapping.ignored.filter(({ reason }) => reason === 'no-usable-address').map(({ detail }) => detail);
    if (notObjects.length > 0) this.logger.warn(`Ignored ${notObjects.length} element(s) that are not objects: ${listed(notObjects)}`);
    // The unusable value is not logged: it may be most of an address.
    if (noAddress.length > 0) this.logger.warn(`Ignored ${noAddress.length} event(s) with no usable email: ${listed(noAddress)}`);

    const outcomes = await this.bounces.ingest(mapping.events);
    return ok(webhookReceipt(mapping.received, outcomes));
  }

  /**
   * The events of the body: its array (grouped), or the one event it is. Parsed from the raw
   * bytes, so that `MessageID`s over 2^53 keep their digits.
   */
  private eventsOf(rawBody: Buffer): unknown[] {
    let body: unknown;
    try {
      body = parseMailjetJson(rawBody.toString('utf8'));
    } catch {
      throw new MalformedWebhookError('The Mailjet event webhook body is not valid JSON');
    }
    if (Array.isArray(body)) return body;
    if (isMailjetEvent(body)) return [body];
    throw new MalformedWebhookError('The Mailjet event webhook body must be an event (a JSON object with an `event`) or an array of events');
  }
}

function listed(items: readonly string[]): string {
  return items.length <= MAX_LOGGED ? items.join(', ') : `${items.slice(0, MAX_LOGGED).join(', ')} and ${items.length - MAX_LOGGED} more`;
}
