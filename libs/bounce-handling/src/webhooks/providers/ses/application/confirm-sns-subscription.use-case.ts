import { Injectable } from '@nestjs/common';
import type { SnsMessage } from '../domain/sns-message';
import { checkSnsSubscribeUrl } from '../domain/sns-url';
import { MalformedWebhookError } from '../../../domain/webhook.errors';
import { SnsSubscriptionConfirmer } from './ports/sns-subscription-confirmer.port';
import { SnsUnreachableError } from './ports/sns-unreachable.error';
import { SesWebhookAccess } from './ses-webhook-access';

/**
 * Confirms the subscription of an allowed topic to the SES webhook. The message must already
 * be verified: its SubscribeURL is fetched, and only when it is the SNS endpoint of the
 * topic's own region.
 */
@Injectable()
export class ConfirmSnsSubscription {
  constructor(
    private readonly access: SesWebhookAccess,
    private readonly confirmer: SnsSubscriptionConfirmer,
  ) {}

  async execute(message: SnsMessage): Promise<void> {
    this.access.assertTopicAllowed(message.topicArn);
    const subscribeUrl = checkSnsSubscribeUrl(message.subscribeUrl, message.topicArn);
    if (!subscribeUrl.ok) throw new MalformedWebhookError(`SubscribeURL refused: ${subscribeUrl.problem}`);
    try {
      await this.confirmer.confirm(subscribeUrl.url.href);
    } catch (error) {
      // SNS re-sends the confirmation request on a 5xx: the next attempt may get through.
      throw new SnsUnreachableError(`The subscription of ${message.topicArn} could not be confirmed: ${errorText(error)}`, { cause: error });
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
