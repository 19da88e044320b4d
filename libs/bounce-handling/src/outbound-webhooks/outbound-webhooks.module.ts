import { type DynamicModule, Module } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../bounce-handling.options';
import { WebhookEndpointsController } from './adapters/http/webhook-endpoints.controller';
import { CryptoWebhookSecretGenerator } from './adapters/network/crypto-webhook-secret-generator.adapter';
import { DnsEndpointHostResolver } from './adapters/network/dns-endpoint-host-resolver.adapter';
import { OutboundWebhooksPersistenceModule } from './adapters/persistence/outbound-webhooks-persistence.module';
import { PostgresWebhookEndpointRepository } from './adapters/persistence/postgres-webhook-endpoint-repository.adapter';
import { SubscriptionsForgettingEndpointRepository } from './adapters/persistence/subscriptions-forgetting-endpoint-repository.adapter';
import { OutboxSubscriptions } from '../shared/adapters/persistence/subscribed-types-outbox.adapter';
import { WebhookEndpointRepository } from './application/ports/webhook-endpoint.repository.port';
import { DeleteWebhookEndpoint } from './application/delete-webhook-endpoint.use-case';
import { EndpointUrlCheck, EndpointUrlPolicy } from './application/endpoint-url-check';
import { GetWebhookEndpoint } from './application/get-webhook-endpoint.use-case';
import { ListWebhookEndpoints } from './application/list-webhook-endpoints.use-case';
import { EndpointHostResolver } from './application/ports/endpoint-host-resolver.port';
import { WebhookSecretGenerator } from './application/ports/webhook-secret-generator.port';
import { RegisterWebhookEndpoint } from './application/register-webhook-endpoint.use-case';

/**
 * Outbound events' endpoints: their registration API and the check of their URLs. The events
 * themselves are appended by the features that make the changes (the `Outbox` of `SharedModule`).
 */
@Module({
  imports: [OutboundWebhooksPersistenceModule],
  controllers: [WebhookEndpointsController],
  providers: [
    // Adding or removing an endpoint here makes this process's outbox read the subscribed types again at once.
    {
      provide: WebhookEndpointRepository,
      inject: [PostgresWebhookEndpointRepository, OutboxSubscriptions],
      useFactory: (stored: PostgresWebhookEndpointRepository, subscriptions: OutboxSubscriptions) =>
        new SubscriptionsForgettingEndpointRepository(stored, subscriptions),
    },
    RegisterWebhookEndpoint,
    ListWebhookEndpoints,
    GetWebhookEndpoint,
    DeleteWebhookEndpoint,
    EndpointUrlCheck,
    { provide: EndpointHostResolver, useClass: DnsEndpointHostResolver },
    { provide: WebhookSecretGenerator, useClass: CryptoWebhookSecretGenerator },
    {
      provide: EndpointUrlPolicy,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: (resolved: ResolvedBounceHandlingOptions) => new EndpointUrlPolicy(resolved.outboundWebhooksAllowInsecure),
    },
  ],
  exports: [WebhookEndpointRepository, EndpointUrlCheck, EndpointHostResolver],
})
export class OutboundWebhooksModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to. */
  static register(shared: DynamicModule): DynamicModule {
    return { module: OutboundWebhooksModule, imports: [shared] };
  }
}
