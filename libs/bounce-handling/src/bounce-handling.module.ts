import { type DynamicModule, Module } from '@nestjs/common';
import { AllowListModule } from './allowlist/allowlist.module';
import { AuthModule } from './auth/auth.module';
import { BouncesModule } from './bounces/bounces.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { InboundModule } from './inbound/inbound.module';
import { OutboundWebhookMetricsModule } from './outbound-webhooks/adapters/metrics/outbound-webhook-metrics.module';
import { BOUNCE_HANDLING_ASYNC_OPTIONS_TYPE, BOUNCE_HANDLING_OPTIONS_TYPE, ConfigurableBounceHandlingModule } from './bounce-handling.module-definition';
import { BounceHandlingEventsModule } from './shared/bounce-handling-events.module';
import { SharedModule } from './shared/shared.module';
import { StatisticsModule } from './statistics/statistics.module';
import { SubscribersModule } from './subscribers/subscribers.module';
import { SuppressionsModule } from './suppressions/suppressions.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { OutboundWebhookDeliveryModule } from './outbound-webhooks/adapters/delivery/outbound-webhook-delivery.module';
import { OutboundWebhooksModule } from './outbound-webhooks/outbound-webhooks.module';

/**
 * The bounce-handling library: its HTTP API, its use cases and their adapters. A host imports
 * it with `forRoot`/`forRootAsync` after configuring MikroORM with `BOUNCE_HANDLING_ENTITIES`
 * and `BOUNCE_HANDLING_MIGRATIONS`. Importers may inject `BounceHandlingEvents`,
 * `ApiKeysFacade`, `AllowListFacade`, `BouncesFacade`, `SubscribersFacade`, `SuppressionsFacade` and `StatisticsFacade`.
 */
@Module({})
export class BounceHandlingModule extends ConfigurableBounceHandlingModule {
  static override forRoot(options: typeof BOUNCE_HANDLING_OPTIONS_TYPE): DynamicModule {
    return composed(super.forRoot(options));
  }

  static override forRootAsync(options: typeof BOUNCE_HANDLING_ASYNC_OPTIONS_TYPE): DynamicModule {
    return composed(super.forRootAsync(options));
  }
}

/**
 * The features of one `BounceHandlingModule`, given the definition of its options. Each module
 * below is one object imported wherever it is needed: Nest makes one instance of a dynamic
 * module per object, so every feature shares one `SharedModule` (its options resolved once,
 * one clock, one rate limit) without anything being global in the host.
 */
function composed(options: DynamicModule): DynamicModule {
  const events = BounceHandlingEventsModule.register();
  const shared = SharedModule.register(options, events);
  const auth = AuthModule.register(shared);
  const allowList = AllowListModule.register(shared);
  const statistics = StatisticsModule.register(shared, events);
  const bounces = BouncesModule.register(shared, allowList, statistics);
  const subscribers = SubscribersModule.register(shared, bounces);
  const campaigns = CampaignsModule.register(shared);
  const webhooks = WebhooksModule.register(shared, bounces);
  const inbound = InboundModule.register(shared, bounces);
  const suppressions = SuppressionsModule.register(shared);
  const outboundWebhooks = OutboundWebhooksModule.register(shared);
  const outboundWebhookDelivery = OutboundWebhookDeliveryModule.register(shared, outboundWebhooks);
  const outboundWebhookMetrics = OutboundWebhookMetricsModule.register(shared);
  return {
    module: BounceHandlingModule,
    imports: [
      shared,
      events,
      auth,
      allowList,
      bounces,
      subscribers,
      campaigns,
      webhooks,
      inbound,
      suppressions,
      outboundWebhooks,
      outboundWebhookDelivery,
      outboundWebhookMetrics,
      statistics,
    ],
    // What each exports, and nothing of SharedModule: the events and the facades.
    exports: [events, auth, allowList, bounces, subscribers, suppressions, statistics],
  };
}
