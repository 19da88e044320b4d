import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../bounce-handling.options';
import { Clock } from '../shared/application/ports/clock.port';
import { MailgunSignatureVerifier } from './providers/mailgun/adapters/http/mailgun-signature.verifier';
import { MailgunWebhookController } from './providers/mailgun/adapters/http/mailgun-webhook.controller';
import { SendGridSignatureVerifier } from './providers/sendgrid/adapters/http/sendgrid-signature.verifier';
import { SendGridWebhookController } from './providers/sendgrid/adapters/http/sendgrid-webhook.controller';
import { SesWebhookController } from './providers/ses/adapters/http/ses-webhook.controller';
import { SES_WEBHOOK_PROVIDERS } from './providers/ses/adapters/http/ses-webhook.providers';
import { webhookActivityMiddleware } from './adapters/http/webhook-activity.middleware';
import { webhookProviderOf } from './adapters/http/webhook-controller.decorator';
import { WebhooksStatusController } from './adapters/http/webhooks-status.controller';
import { WebhooksPersistenceModule } from './adapters/persistence/webhooks-persistence.module';
import { GetWebhooksStatus } from './application/get-webhooks-status.use-case';
import { WebhookActivityRecorder } from './application/webhook-activity.recorder';
import { WebhookSettings } from './application/webhook-settings';

/** The providers' webhooks, each a `WebhookController`: served, and their answers counted. */
const WEBHOOK_CONTROLLERS = [SendGridWebhookController, MailgunWebhookController, SesWebhookController];

/** The providers' webhooks, ingested through `BouncesFacade`, and what each has answered (`GET /webhooks/status`). */
@Module({
  imports: [WebhooksPersistenceModule],
  controllers: [...WEBHOOK_CONTROLLERS, WebhooksStatusController],
  providers: [
    {
      provide: WebhookSettings,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: ({ webhooks }: ResolvedBounceHandlingOptions) =>
        new WebhookSettings(webhooks.sesTopicArns, webhooks.snsCertificatesDir, webhooks.mailgunSigningKey, webhooks.sendgridPublicKey),
    },
    // SendGrid
    SendGridSignatureVerifier,
    // Mailgun
    MailgunSignatureVerifier,
    // SES through SNS
    ...SES_WEBHOOK_PROVIDERS,
    // what each one has answered
    WebhookActivityRecorder,
    GetWebhooksStatus,
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

  configure(consumer: MiddlewareConsumer): void {
    for (const controller of WEBHOOK_CONTROLLERS) {
      consumer.apply(webhookActivityMiddleware(webhookProviderOf(controller), this.webhookActivity, this.clock)).forRoutes(controller);
    }
  }
}
