import { Injectable } from '@nestjs/common';
import { noActivity, type WebhookActivity, WEBHOOK_PROVIDERS, type WebhookProvider } from '../domain/webhook-activity';
import { WebhookActivityRepository } from './ports/webhook-activity.repository.port';
import { WebhookActivityRecorder } from './webhook-activity.recorder';
import { WebhookSettings } from './webhook-settings';

export interface WebhookStatus {
  readonly provider: WebhookProvider;
  /** False: the webhook refuses every request (503) until its setting is made. */
  readonly configured: boolean;
  readonly activity: WebhookActivity;
}

/** Whether each provider's webhook is set up, and what it has accepted and refused (all processes). */
@Injectable()
export class GetWebhooksStatus {
  constructor(
    private readonly settings: WebhookSettings,
    private readonly recorder: WebhookActivityRecorder,
    private readonly activity: WebhookActivityRepository,
  ) {}

  async execute(): Promise<WebhookStatus[]> {
    // This process's latest outcomes first: the request an operator just sent is among them.
    await this.recorder.flush();
    const stored = new Map((await this.activity.findAll()).map((activity) => [activity.provider, activity]));
    return WEBHOOK_PROVIDERS.map((provider) => ({
      provider,
      configured: this.settings.isConfigured(provider),
      activity: stored.get(provider) ?? noActivity(provider),
    }));
  }
}
