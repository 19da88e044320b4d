import { Headers, HttpCode, Logger, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { BouncesFacade } from '../../../../../bounces/application/bounces.facade';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../../../shared/adapters/http/api-envelope';
import { rawBodyOf } from '../../../../../shared/adapters/http/raw-body';
import { webhookReceipt } from '../../../../application/webhook-receipt';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { BasicAuthVerifier } from '../../../../adapters/http/basic-auth.verifier';
import { ApiBasicAuthWebhookRefusals } from '../../../../adapters/http/basic-auth-webhook-responses.decorator';
import { WebhookController } from '../../../../adapters/http/webhook-controller.decorator';
import { WebhookReceiptDto } from '../../../../adapters/http/webhook-receipt.dto';
import { POSTMARK_WEBHOOK_SETTINGS } from '../../application/postmark-webhook.settings';
import { mapPostmarkRecord } from './postmark-record.mapper';
import { parsePostmarkRecord } from './postmark-record.parser';

/** A body no JSON parser took is read up to this size (the host's webhook limit). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const EXAMPLE_BOUNCE = {
  RecordType: 'Bounce',
  ID: 4323372036,
  Type: 'HardBounce',
  TypeCode: 1,
  Name: 'Hard bounce',
  Tag: 'newsletter',
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  Metadata: { campaign_id: 'jan-2026' },
  ServerID: 23,
  MessageStream: 'broadcast',
  Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
  Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist',
  Email: 'john@example.com',
  From: 'news@sender.example.org',
  BouncedAt: '2026-01-09T10:00:00Z',
  DumpAvailable: true,
  Inactive: true,
  CanActivate: true,
  Subject: 'January news',
};

const EXAMPLE_DELIVERY = {
  RecordType: 'Delivery',
  ServerID: 23,
  MessageStream: 'outbound',
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  Recipient: 'john@example.com',
  Tag: 'welcome-email',
  DeliveredAt: '2026-01-09T10:00:00Z',
  Details: 'Test delivery webhook details',
  Metadata: { campaign_id: 'jan-2026' },
};

/**
 * Postmark's webhooks (docs/providers.md, "Postmark"): one JSON record per request, authenticated
 * by the HTTP Basic credentials written in the webhook's URL, mapped and stored before it is answered.
 */
@WebhookController('postmark')
export class PostmarkWebhookController {
  private readonly logger = new Logger('PostmarkWebhook');

  constructor(
    private readonly verifier: BasicAuthVerifier,
    private readonly bounces: BouncesFacade,
    private readonly settings: WebhookSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a Postmark webhook record',
    description:
      "Postmark's Bounce, Spam Complaint, Delivery (and, acknowledged and ignored, Open, Click and Subscription Change) webhooks: one JSON " +
      'record per request, authenticated by HTTP Basic credentials written in the webhook URL (`https://user:password@host/api/v1/webhooks/postmark`, ' +
      'checked against `POSTMARK_WEBHOOK_BASIC_AUTH`). A `Bounce` is classified from its `Type`/`TypeCode` and the server answer in `Details`: ' +
      '`HardBounce`, `BadEmailAddress`, `ManuallyDeactivated` suppress the address; `Blocked`, `DMARCPolicy`, `SpamNotification` are refusals of ' +
      'the sender and leave it alone; `SoftBounce`, `Transient` count toward the soft-bounce threshold; `AutoResponder` and other records that are ' +
      'no failure are ignored. `SpamComplaint` (and a mailed `Unsubscribe` request) unsubscribes the address; `Delivery` ends a run of soft bounces. ' +
      'A `SubscriptionChange` is a suppression or reactivation made in Postmark and is not applied. Bounces and complaints are deduplicated on ' +
      '`RecordType` + `ID`, deliveries on `MessageID` + recipient; a `campaign_id` in `Metadata`, else the `Tag`, links the report to a campaign.',
  })
  @ApiConsumes('application/json')
  @ApiBody({
    schema: { type: 'object', required: ['RecordType'], properties: { RecordType: { type: 'string' } }, additionalProperties: true },
    examples: { bounce: { summary: 'A hard bounce', value: EXAMPLE_BOUNCE }, delivery: { summary: 'A delivery', value: EXAMPLE_DELIVERY } },
  })
  @ApiSuccessResponse(200, WebhookReceiptDto, 'The record is stored and applied (or deliberately ignored); a Postmark webhook carries one record', {
    received: 1,
    recorded: 1,
    duplicates: 0,
    ignored: 0,
  })
  @ApiErrorResponses(400, 413)
  @ApiBasicAuthWebhookRefusals('Postmark', 'POSTMARK_WEBHOOK_BASIC_AUTH')
  async receive(
    @Req() request: Request & { rawBody?: Buffer },
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ApiSuccess<WebhookReceiptDto>> {
    this.settings.assertConfigured('postmark');
    this.verifier.verify(authorization, this.settings.of(POSTMARK_WEBHOOK_SETTINGS).credentials, 'Postmark');
    const record = parsePostmarkRecord(await rawBodyOf(request, MAX_BODY_BYTES));

    const mapping = mapPostmarkRecord(record);
    for (const { reason, detail } of mapping.ignored) {
      // Never the address: the detail names the record type and Postmark's own words.
      const line = `Ignored a Postmark ${detail} record: ${reason}`;
      if (reason === 'no-usable-address') this.logger.warn(line);
      else this.logger.log(line);
    }
    return ok(webhookReceipt(mapping.received, await this.bounces.ingest(mapping.events)));
  }
}
