import { Injectable } from '@nestjs/common';
import { WebhookNotAllowedError } from '../../../domain/webhook.errors';
import { WebhookSettings } from '../../../application/webhook-settings';
import { SES_TOPIC_ARNS, SES_WEBHOOK_SETTINGS } from './ses-webhook.settings';

/** Who may post to the SES webhook: SNS topics on the configured allow-list, nobody else. */
@Injectable()
export class SesWebhookAccess {
  private readonly allowedTopics: ReadonlySet<string>;

  constructor(private readonly settings: WebhookSettings) {
    this.allowedTopics = new Set(settings.of(SES_WEBHOOK_SETTINGS).topicArns);
  }

  /** Fails closed while no topic is configured, naming the setting. */
  assertConfigured(): void {
    this.settings.assertConfigured('ses');
  }

  /** Another account's topic can be authentic SNS and still not be ours. */
  assertTopicAllowed(topicArn: string): void {
    this.assertConfigured();
    if (!this.allowedTopics.has(topicArn)) throw new WebhookNotAllowedError(`SNS topic ${topicArn} is not in ${SES_TOPIC_ARNS.variable}`);
  }
}
