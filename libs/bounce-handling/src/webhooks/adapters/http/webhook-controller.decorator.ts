import { applyDecorators, Controller, SetMetadata, type Type, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { WebhookProvider } from '../../domain/webhook-activity';
import { WEBHOOK_PROVIDER } from './webhook-activity.middleware';
import { type MalformedPayloadStatus, WebhookExceptionFilter } from './webhook-exception.filter';

/** Where a provider posts its webhooks. */
export function webhookPath(provider: WebhookProvider): string {
  return `/api/v1/webhooks/${provider}`;
}

/** How a provider is answered where providers differ. */
export interface WebhookRegistration {
  /** The status of a payload that cannot be read (`MalformedWebhookError`); 400 unless said. */
  readonly malformedPayloadStatus?: MalformedPayloadStatus;
}

/**
 * A provider's webhook: authenticated by the provider's own signature (no API key), bodies
 * read raw for verification, errors in the API's envelope, every answer counted for the
 * webhooks' status (`webhookActivityMiddleware`, applied by the module to each controller).
 */
export function WebhookController(provider: WebhookProvider, registration: WebhookRegistration = {}): ClassDecorator {
  return applyDecorators(
    Controller(webhookPath(provider)),
    SetMetadata(WEBHOOK_PROVIDER, provider),
    UseFilters(new WebhookExceptionFilter(registration.malformedPayloadStatus ?? 400)),
    ApiTags('webhooks'),
  );
}

/** The provider a `WebhookController` serves. */
export function webhookProviderOf(controller: Type<unknown>): WebhookProvider {
  const provider = Reflect.getMetadata(WEBHOOK_PROVIDER, controller) as WebhookProvider | undefined;
  if (provider === undefined) throw new Error(`${controller.name} is no WebhookController`);
  return provider;
}
