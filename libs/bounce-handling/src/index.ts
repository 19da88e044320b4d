// The library's public API: nothing else is imported from outside `libs/bounce-handling`. It
// offers facades, never use cases: what a feature does for others is its facade's to say.

// The module, its options, and what the host's MikroORM configuration lists.
export { BounceHandlingModule } from './bounce-handling.module';
export { BOUNCE_HANDLING_MODULE_OPTIONS } from './bounce-handling.module-definition';
export type { BounceHandlingModuleOptions } from './bounce-handling.options';
export { BOUNCE_HANDLING_ENTITIES } from './bounce-handling.entities';
export { BOUNCE_HANDLING_MIGRATIONS } from './migrations';
// The `pg` client for the host's MikroORM connections: it closes a connection whose statement timed out.
export { QueryTimeoutClosingClient } from './shared/adapters/persistence/query-timeout-closing-client';

// HTTP: the error envelope (for the host's own routes) and the security schemes the API's routes name.
export { ApiExceptionFilter } from './shared/adapters/http/api-exception.filter';
export { API_KEY_SECURITY, BEARER_SECURITY } from './auth/adapters/http/require-permission.decorator';

// What an importing service injects: the facades and the events.
export { ApiKeysFacade, type CreatedApiKey } from './auth/application/api-keys.facade';
export { AllowListFacade, type AllowListEntry, type AddedAllowListEntry } from './allowlist/application/allow-list.facade';
export { BouncesFacade, type IngestOutcome } from './bounces/application/bounces.facade';
export { SubscribersFacade } from './subscribers/application/subscribers.facade';
export { SuppressionsFacade } from './suppressions/application/suppressions.facade';
export { StatisticsFacade } from './statistics/application/statistics.facade';
export type { CountSendsCommand, CountedSends } from './statistics/application/count-sends.use-case';
export type { CampaignHealthReport } from './statistics/application/get-campaign-health.use-case';
export {
  BounceHandlingEvents,
  type StatusChangeListener,
  type CampaignAlertEvent,
  type CampaignAlertListener,
} from './shared/adapters/notification/bounce-handling.events';

// The domain's types and errors, as the facades and events speak them.
export type { Page, PageRequest, KeysetPage, KeysetPageRequest, KeysetPosition } from './shared/application/page';
export type { StatusChange } from './shared/domain/status-change';
export type { AddressStatus, StatusChangeReason, SuppressionReason } from './shared/domain/address-status';
export type {
  Suppression,
  SuppressionFilter,
  SuppressionEntry,
  SuppressionOrigin,
  AddedSuppressionOrigin,
  AddSuppressionResult,
  AddSuppressionOutcome,
  RemoveSuppressionResult,
  RemoveSuppressionOutcome,
} from './suppressions/domain/suppression';
export type { ApiKey } from './auth/domain/api-key';
export { PERMISSIONS, type Permission } from './auth/domain/permission';
export type { DeliveryEvent, BounceEvent, ComplaintEvent, DeliveryReport, BounceSource, BounceType } from './bounces/domain/delivery-event';
export type { BounceView } from './bounces/domain/bounce';
export type { Sendability, NotSendableReason } from './subscribers/domain/sendability';
export { EmailAddress, InvalidEmailAddressError } from './shared/domain/email-address';
export { CampaignId, InvalidCampaignIdError, MAX_CAMPAIGN_ID_LENGTH } from './shared/domain/campaign-id';
export { DomainError } from './shared/domain/domain-error';
export { InvalidAllowListPatternError } from './allowlist/domain/allow-list-pattern';

// The providers' webhooks: what a host reads from its environment for them and how their bodies
// must reach them, both from the providers' registry, and the ports a host (or a test) may override.
export { WEBHOOK_RAW_BODIES, webhookOptionsFrom, type WebhooksOptions } from './webhooks/webhook-providers';
export type { WebhookSetting, WebhookSettingKind } from './webhooks/application/webhook-settings';
export { SnsCertificateSource } from './webhooks/providers/ses/application/ports/sns-certificate-source.port';
export { SnsSubscriptionConfirmer } from './webhooks/providers/ses/application/ports/sns-subscription-confirmer.port';

// Raw bounce mail: how a host checks the mailbox URL it reads from its environment.
export { parseImapUrl, InvalidImapUrlError } from './inbound/adapters/imap/imap-url';

// Shared state: how a host checks the Redis URL it reads from its environment.
export { parseRedisUrl, InvalidRedisUrlError } from './shared/adapters/redis/redis-url';
