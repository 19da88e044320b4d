import { applyDecorators, HttpCode, Logger, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { BouncesFacade } from '../../../../../bounces/application/bounces.facade';
import { ApiErrorEnvelopeDto, ApiErrorResponses, ApiSuccessResponse } from '../../../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../../../shared/adapters/http/api-envelope';
import { rawBodyOf } from '../../../../../shared/adapters/http/raw-body';
import { ConfirmSnsSubscription } from '../../application/confirm-sns-subscription.use-case';
import { SesWebhookAccess } from '../../application/ses-webhook-access';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { type WebhookReceipt, webhookReceipt } from '../../../../application/webhook-receipt';
import type { SnsMessage } from '../../domain/sns-message';
import { WebhookController } from '../../../../adapters/http/webhook-controller.decorator';
import { WebhookReceiptDto } from '../../../../adapters/http/webhook-receipt.dto';
import { SES_WEBHOOK_EXAMPLES } from './ses-webhook.examples';
import { SesEventMapper } from './ses-event.mapper';
import { parseSnsEnvelope } from './sns-envelope.parser';
import { SnsMessageVerifier } from './sns-message.verifier';
import { SnsUnreachableFilter } from './sns-unreachable.filter';

/** SNS caps a message at 256 KB; its JSON envelope escapes it, which can double that. */
const MAX_SNS_BODY_BYTES = 1024 * 1024;

/** The receipt of a subscription message: it carries no report. */
const NOTHING = webhookReceipt(0, []);

/** Amazon SES bounce, complaint and delivery notifications, delivered by SNS. */
@WebhookController('ses')
export class SesWebhookController {
  private readonly logger = new Logger('SesWebhook');

  constructor(
    private readonly settings: WebhookSettings,
    private readonly access: SesWebhookAccess,
    private readonly verifier: SnsMessageVerifier,
    private readonly confirmSubscription: ConfirmSnsSubscription,
    private readonly bounces: BouncesFacade,
  ) {}

  @Post()
  @HttpCode(200)
  @UseFilters(SnsUnreachableFilter)
  @ApiOperation({
    summary: 'Amazon SES notifications through SNS',
    description:
      'Subscribe an SNS topic that receives SES events (raw message delivery off) to this URL and list the topic in `SES_TOPIC_ARNS`. ' +
      'Every message must carry a valid SNS signature (SignatureVersion 1 or 2; certificate from `https://sns.<region>.amazonaws.com/…pem` ' +
      'or `SNS_CERTIFICATES_DIR`) and come from an allowed topic. A `SubscriptionConfirmation` is confirmed by fetching its `SubscribeURL`; ' +
      'an `UnsubscribeConfirmation` is only logged. A `Notification` carries an SES event in either shape (`eventType` or `notificationType`): ' +
      'Bounce and Complaint are recorded per recipient (source `ses`), Delivery resets the soft-bounce count, every other type is acknowledged and ignored. ' +
      'The answer is 200 only once everything is stored.',
  })
  @ApiConsumes('text/plain', 'application/json')
  @ApiHeader({ name: 'x-amz-sns-message-type', required: false, description: 'Set by SNS; the body’s `Type` is what counts (it is signed)' })
  @ApiBody({ schema: { type: 'object', description: 'An SNS envelope (sent as `text/plain` by default)' }, examples: SES_WEBHOOK_EXAMPLES })
  @ApiSuccessResponse(
    200,
    WebhookReceiptDto,
    'The message was verified; its reports (one per recipient of a Bounce, Complaint or Delivery) are stored, or deliberately ignored. A subscription message is answered with all counts 0',
    { received: 2, recorded: 1, duplicates: 1, ignored: 0 },
  )
  @ApiErrorResponses(400, 413)
  @WebhookErrorResponse(
    401,
    'UNAUTHORIZED',
    'No valid SNS signature: unsigned, a SignatureVersion other than 1 or 2, a SigningCertURL off SNS (never fetched), an invalid or expired certificate, or a tampered message',
  )
  @WebhookErrorResponse(403, 'FORBIDDEN', 'The SNS topic is not in SES_TOPIC_ARNS (its subscription is never confirmed)')
  @WebhookErrorResponse(
    503,
    'SERVICE_UNAVAILABLE',
    'SES_TOPIC_ARNS is not set; or the database or AWS (certificate, subscription confirmation) did not answer: SNS retries',
  )
  async receive(@Req() request: Request): Promise<ApiSuccess<WebhookReceiptDto>> {
    this.settings.assertConfigured('ses');
    const message = parseSnsEnvelope(await rawBodyOf(request, MAX_SNS_BODY_BYTES));
    await this.verifier.verify(message);
    this.access.assertTopicAllowed(message.topicArn);
    switch (message.type) {
      case 'SubscriptionConfirmation':
        await this.confirmSubscription.execute(message);
        this.logger.log(`Confirmed the SNS subscription of ${message.topicArn}`);
        return ok(NOTHING);
      case 'UnsubscribeConfirmation':
        // Its SubscribeURL would subscribe us again: whoever unsubscribed meant it.
        this.logger.warn(`SNS topic ${message.topicArn} unsubscribed this endpoint; not re-confirmed`);
        return ok(NOTHING);
      case 'Notification':
        return ok(await this.ingest(message));
    }
  }

  private async ingest(message: SnsMessage): Promise<WebhookReceipt> {
    const mapping = SesEventMapper.toDeliveryEvents(message.messageId, message.message);
    for (const { reason, detail } of mapping.ignored) {
      if (reason === 'no-usable-address') this.logger.warn(`SNS message ${message.messageId}: a recipient was skipped, ${detail}`);
      else this.logger.debug(`SNS message ${message.messageId} ignored: ${detail}`);
    }
    return webhookReceipt(mapping.received, await this.bounces.ingest(mapping.events));
  }
}

/** An error answer of the webhook, described for SNS rather than for API-key callers. */
function WebhookErrorResponse(status: number, code: string, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ApiErrorEnvelopeDto),
    ApiResponse({
      status,
      description,
      schema: { $ref: getSchemaPath(ApiErrorEnvelopeDto) },
      example: { success: false, error: { code, message: description } },
    }),
  );
}
