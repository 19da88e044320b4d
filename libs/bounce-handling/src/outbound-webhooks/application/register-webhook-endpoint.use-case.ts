import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { ValidationError } from '../../shared/domain/domain-error';
import { isOutboundEventType, type OutboundEventType } from '../../shared/domain/outbound-event';
import type { WebhookEndpointWithSecret } from '../domain/webhook-endpoint';
import { EndpointUrlCheck } from './endpoint-url-check';
import { WebhookEndpointRepository } from './ports/webhook-endpoint.repository.port';
import { WebhookSecretGenerator } from './ports/webhook-secret-generator.port';

export interface RegisterWebhookEndpointCommand {
  readonly url: string;
  /** One or more known event types; repeated ones count once. */
  readonly events: readonly string[];
  /** The API key's name; null for an in-process caller. */
  readonly createdBy: string | null;
}

/**
 * Registers an endpoint: its URL checked (`EndpointUrlCheck`, resolution included), a new signing
 * secret, answered with it — the only time the secret is shown. It receives the events appended
 * from its registration on, never earlier ones.
 */
@Injectable()
export class RegisterWebhookEndpoint {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly urls: EndpointUrlCheck,
    private readonly secrets: WebhookSecretGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(command: RegisterWebhookEndpointCommand): Promise<WebhookEndpointWithSecret> {
    const events = eventTypes(command.events);
    const { url } = await this.urls.check(command.url);
    return this.endpoints.add({ url, events, secret: this.secrets.generate(), createdBy: command.createdBy, createdAt: this.clock.now() });
  }
}

function eventTypes(events: readonly string[]): OutboundEventType[] {
  const unknown = events.filter((type) => !isOutboundEventType(type));
  if (events.length === 0 || unknown.length > 0) {
    const message = events.length === 0 ? 'must name at least one event type' : `unknown event types: ${unknown.join(', ')}`;
    throw new ValidationError(`events: ${message}`, [{ field: 'events', message }]);
  }
  return [...new Set(events as OutboundEventType[])];
}
