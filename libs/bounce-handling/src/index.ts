// The library's public API: nothing else is imported from outside `libs/bounce-handling`.
export { BounceHandlingModule } from './bounce-handling.module';
export { BOUNCE_HANDLING_MODULE_OPTIONS } from './bounce-handling.module-definition';
export type { BounceHandlingModuleOptions } from './bounce-handling.options';
export { BOUNCE_HANDLING_ENTITIES } from './bounce-handling.entities';
export { BOUNCE_HANDLING_MIGRATIONS } from './migrations';
export { ApiExceptionFilter } from './shared/adapters/http/api-exception.filter';
export { API_KEY_SECURITY, BEARER_SECURITY } from './auth/adapters/http/require-permission.decorator';
export { BounceHandlingEvents, type StatusChangeListener } from './shared/adapters/notification/bounce-handling.events';
export type { StatusChange } from './shared/domain/status-change';
export type { AddressStatus, StatusChangeReason } from './shared/domain/address-status';
export { CreateApiKey, ListApiKeys, RevokeApiKey, type CreatedApiKey } from './auth/application/api-keys.use-cases';
export type { ApiKey } from './auth/domain/api-key';
export { PERMISSIONS, type Permission } from './auth/domain/permission';
export { IngestDeliveryEvents, type IngestOutcome } from './bounces/application/ingest-delivery-events.use-case';
export type { DeliveryEvent, BounceEvent, ComplaintEvent, DeliveryReport, BounceSource, BounceType } from './bounces/domain/delivery-event';
export { EmailAddress, InvalidEmailAddressError } from './shared/domain/email-address';
export { SubscribersFacade } from './subscribers/application/subscribers.facade';
export type { Sendability, NotSendableReason } from './subscribers/domain/sendability';
