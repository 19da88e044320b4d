import { Inject, type MiddlewareConsumer, Module, type NestModule, type OnApplicationBootstrap } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ApiKeyGuard } from './auth/adapters/http/api-key.guard';
import { ApiKeyStrategy } from './auth/adapters/http/api-key.strategy';
import { AuthPersistenceModule } from './auth/adapters/persistence/auth-persistence.module';
import { AuthenticateApiKey, CreateApiKey, EnsureBootstrapApiKey, ListApiKeys, RevokeApiKey } from './auth/application/api-keys.use-cases';
import { BounceHandlingRules } from './bounces/application/bounce-handling-rules';
import { BouncesFacade } from './bounces/application/bounces.facade';
import { IngestDeliveryEvents } from './bounces/application/ingest-delivery-events.use-case';
import { ListBounces } from './bounces/application/list-bounces.use-case';
import { RecordBounce } from './bounces/application/record-bounce.use-case';
import { BouncesController } from './bounces/adapters/http/bounces.controller';
import { BouncesPersistenceModule } from './bounces/adapters/persistence/bounces-persistence.module';
import { CampaignsController } from './campaigns/adapters/http/campaigns.controller';
import { CampaignsPersistenceModule } from './campaigns/adapters/persistence/campaigns-persistence.module';
import { SaveCampaign } from './campaigns/application/save-campaign.use-case';
import { BouncesFacadeSubscriberBounces } from './subscribers/adapters/bounces/bounces-facade-subscriber-bounces.adapter';
import { SubscribersController } from './subscribers/adapters/http/subscribers.controller';
import { SuppressionsController } from './subscribers/adapters/http/suppressions.controller';
import { SubscribersPersistenceModule } from './subscribers/adapters/persistence/subscribers-persistence.module';
import { CheckSendability } from './subscribers/application/check-sendability.use-case';
import { CreateSubscriber } from './subscribers/application/create-subscriber.use-case';
import { GetSubscriber } from './subscribers/application/get-subscriber.use-case';
import { ListSubscriberBounces } from './subscribers/application/list-subscriber-bounces.use-case';
import { ListSubscribers } from './subscribers/application/list-subscribers.use-case';
import { SubscriberBounces } from './subscribers/application/ports/subscriber-bounces.port';
import { ReactivateSubscriber } from './subscribers/application/reactivate-subscriber.use-case';
import { SubscribersFacade } from './subscribers/application/subscribers.facade';
import { BOUNCE_HANDLING_MODULE_OPTIONS, ConfigurableBounceHandlingModule } from './bounce-handling.module-definition';
import { type BounceHandlingModuleOptions, type ResolvedBounceHandlingOptions, resolveBounceHandlingOptions } from './bounce-handling.options';
import { ApiExceptionFilter } from './shared/adapters/http/api-exception.filter';
import { ApiRateLimiter } from './shared/adapters/http/api-rate-limiter';
import { BounceHandlingEvents } from './shared/adapters/notification/bounce-handling.events';
import { FanOutStatusChangeNotifier } from './shared/adapters/notification/fan-out-status-change.notifier';
import { InProcessStatusChangeNotifier } from './shared/adapters/notification/in-process-status-change.notifier';
import { LogStatusChangeNotifier } from './shared/adapters/notification/log-status-change.notifier';
import { PostgresStatusChangeLog } from './shared/adapters/persistence/postgres-status-change-log.adapter';
import { PostgresTransactionRunner } from './shared/adapters/persistence/postgres-transaction-runner.adapter';
import { SystemClock } from './shared/adapters/system-clock.adapter';
import { Clock } from './shared/application/ports/clock.port';
import { StatusChangeLog } from './shared/application/ports/status-change-log.port';
import { StatusChangeNotifier } from './shared/application/ports/status-change.notifier.port';
import { TransactionRunner } from './shared/application/ports/transaction-runner.port';
import { SoftSuppressionExpiry } from './shared/application/soft-suppression-expiry';
import { WebhookSettings } from './webhooks/application/webhook-settings';
import { GetWebhooksStatus } from './webhooks/application/get-webhooks-status.use-case';
import { WebhookActivityRecorder } from './webhooks/application/webhook-activity.recorder';
import { webhookActivityMiddleware } from './webhooks/adapters/http/webhook-activity.middleware';
import { webhookProviderOf } from './webhooks/adapters/http/webhook-controller.decorator';
import { WebhooksStatusController } from './webhooks/adapters/http/webhooks-status.controller';
import { WebhooksPersistenceModule } from './webhooks/adapters/persistence/webhooks-persistence.module';
import { SendGridSignatureVerifier } from './webhooks/adapters/http/sendgrid/sendgrid-signature.verifier';
import { SendGridWebhookController } from './webhooks/adapters/http/sendgrid/sendgrid-webhook.controller';
import { MailgunSignatureVerifier } from './webhooks/adapters/http/mailgun/mailgun-signature.verifier';
import { MailgunWebhookController } from './webhooks/adapters/http/mailgun/mailgun-webhook.controller';
import { SesWebhookController } from './webhooks/adapters/http/ses/ses-webhook.controller';
import { SES_WEBHOOK_PROVIDERS } from './webhooks/adapters/http/ses/ses-webhook.providers';

const RESOLVED_OPTIONS = Symbol('RESOLVED_BOUNCE_HANDLING_OPTIONS');

/** The providers' webhooks, each a `WebhookController`: served, and their answers counted. */
const WEBHOOK_CONTROLLERS = [SendGridWebhookController, MailgunWebhookController, SesWebhookController];

/**
 * The bounce-handling library: its HTTP API, its use cases and their adapters. A host imports
 * it with `forRoot`/`forRootAsync` after configuring MikroORM with `BOUNCE_HANDLING_ENTITIES`
 * and `BOUNCE_HANDLING_MIGRATIONS`.
 */
@Module({
  imports: [PassportModule, AuthPersistenceModule, BouncesPersistenceModule, SubscribersPersistenceModule, CampaignsPersistenceModule, WebhooksPersistenceModule],
  controllers: [BouncesController, SubscribersController, SuppressionsController, CampaignsController, ...WEBHOOK_CONTROLLERS, WebhooksStatusController],
  providers: [
    {
      provide: RESOLVED_OPTIONS,
      inject: [BOUNCE_HANDLING_MODULE_OPTIONS],
      useFactory: (options: BounceHandlingModuleOptions) => resolveBounceHandlingOptions(options),
    },
    {
      provide: BounceHandlingRules,
      inject: [RESOLVED_OPTIONS],
      useFactory: ({ softBounceThreshold, senderBlocksSuppress, softBounceWindowDays, softSuppressionExpiryDays }: ResolvedBounceHandlingOptions) =>
        new BounceHandlingRules(softBounceThreshold, { senderBlocksSuppress, softBounceWindowDays, softSuppressionExpiryDays }),
    },
    { provide: SoftSuppressionExpiry, inject: [RESOLVED_OPTIONS], useFactory: (options: ResolvedBounceHandlingOptions) => new SoftSuppressionExpiry(options.softSuppressionExpiryDays) },
    {
      provide: WebhookSettings,
      inject: [RESOLVED_OPTIONS],
      useFactory: ({ webhooks }: ResolvedBounceHandlingOptions) =>
        new WebhookSettings(webhooks.sesTopicArns, webhooks.snsCertificatesDir, webhooks.mailgunSigningKey, webhooks.sendgridPublicKey),
    },
    { provide: Clock, useClass: SystemClock },
    { provide: TransactionRunner, useClass: PostgresTransactionRunner },
    { provide: StatusChangeLog, useClass: PostgresStatusChangeLog },
    BounceHandlingEvents,
    InProcessStatusChangeNotifier,
    LogStatusChangeNotifier,
    {
      provide: StatusChangeNotifier,
      inject: [RESOLVED_OPTIONS, InProcessStatusChangeNotifier, LogStatusChangeNotifier],
      useFactory: (options: ResolvedBounceHandlingOptions, inProcess: InProcessStatusChangeNotifier, log: LogStatusChangeNotifier) =>
        new FanOutStatusChangeNotifier(options.logStatusChanges ? [log, inProcess] : [inProcess]),
    },
    ApiExceptionFilter,
    // auth
    ApiKeyStrategy,
    ApiKeyGuard,
    { provide: ApiRateLimiter, inject: [RESOLVED_OPTIONS], useFactory: (options: ResolvedBounceHandlingOptions) => new ApiRateLimiter(options.rateLimit) },
    AuthenticateApiKey,
    CreateApiKey,
    ListApiKeys,
    RevokeApiKey,
    EnsureBootstrapApiKey,
    // bounces
    IngestDeliveryEvents,
    RecordBounce,
    ListBounces,
    BouncesFacade,
    // webhooks: SendGrid
    SendGridSignatureVerifier,
    // webhooks: Mailgun
    MailgunSignatureVerifier,
    // webhooks: SES through SNS
    ...SES_WEBHOOK_PROVIDERS,
    // webhooks: what each one has answered
    WebhookActivityRecorder,
    GetWebhooksStatus,
    // subscribers
    CreateSubscriber,
    ListSubscribers,
    GetSubscriber,
    ListSubscriberBounces,
    ReactivateSubscriber,
    CheckSendability,
    SubscribersFacade,
    { provide: SubscriberBounces, useClass: BouncesFacadeSubscriberBounces },
    // campaigns
    SaveCampaign,
  ],
  exports: [BounceHandlingEvents, CreateApiKey, ListApiKeys, RevokeApiKey, IngestDeliveryEvents, SubscribersFacade],
})
export class BounceHandlingModule extends ConfigurableBounceHandlingModule implements OnApplicationBootstrap, NestModule {
  constructor(
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedBounceHandlingOptions,
    private readonly ensureBootstrapApiKey: EnsureBootstrapApiKey,
    private readonly webhookActivity: WebhookActivityRecorder,
    private readonly clock: Clock,
  ) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    for (const controller of WEBHOOK_CONTROLLERS) {
      consumer.apply(webhookActivityMiddleware(webhookProviderOf(controller), this.webhookActivity, this.clock)).forRoutes(controller);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.bootstrapApiKey !== null) await this.ensureBootstrapApiKey.execute(this.options.bootstrapApiKey);
  }
}
