import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../bounce-handling.options';
import { Clock } from '../shared/application/ports/clock.port';
import { BasicAuthVerifier } from './adapters/http/basic-auth.verifier';
import { webhookActivityMiddleware } from './adapters/http/webhook-activity.middleware';
import { WebhooksStatusController } from './adapters/http/webhooks-status.controller';
import { WebhooksPersistenceModule } from './adapters/persistence/webhooks-persistence.module';
import { GetWebhooksStatus } from './application/get-webhooks-status.use-case';
import { WebhookActivityRecorder } from './application/webhook-activity.recorder';
import { WebhookSettings } from './application/webhook-settings';
import { WEBHOOK_PROVIDER_DEFINITIONS } from './webhook-providers';

/**
 * The providers' webhooks, as `webhook-providers.ts` registers them (each its controller and
 * providers), ingested through `BouncesFacade`, and what each has answered (`GET /webhooks/status`).
 */
@Module({
  imports: [WebhooksPersistenceModule],
  controllers: [...WEBHOOK_PROVIDER_DEFINITIONS.map((provider) => provider.controller), WebhooksStatusController],
  providers: [
    {
      provide: WebhookSettings,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: (options: ResolvedBounceHandlingOptions) => new WebhookSettings(WEBHOOK_PROVIDER_DEFINITIONS, options.webhooks),
    },
    ...WEBHOOK_PROVIDER_DEFINITIONS.flatMap((provider) => provider.providers),
    WebhookActivityRecorder,
    GetWebhooksStatus,
    // What the webhooks authenticated by HTTP Basic credentials share.
    BasicAuthVerifier,
  ],
})
export class WebhooksModule implements NestModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to; `bounces`: its `BouncesModule`, which ingests the events. */
  static register(shared: DynamicModule, bounces: DynamicModule): DynamicModule {
    return { module: WebhooksModule, imports: [shared, bounces] };
  }

  constructor(
    private readonly webhookActivity: WebhookActivityRecorder,
    private readonly clock: Clock,
  ) {}

  /** Every provider's answers are counted, under its name. */
  configure(consumer: MiddlewareConsumer): void {
    for (const provider of WEBHOOK_PROVIDER_DEFINITIONS) {
      consumer.apply(webhookActivityMiddleware(provider.name, this.webhookActivity, this.clock)).forRoutes(provider.controller);
    }
  }
}
