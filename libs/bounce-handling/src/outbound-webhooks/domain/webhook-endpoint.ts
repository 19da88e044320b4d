import { NotFoundError, ValidationError } from '../../shared/domain/domain-error';
import type { OutboundEventType } from '../../shared/domain/outbound-event';
import type { EndpointUrlProblem } from './endpoint-url';

/** Prefix of a signing secret, as the Standard Webhooks specification writes them: `whsec_<base64>`. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** Random bytes of a signing secret (the specification asks for 24 to 64). */
export const WEBHOOK_SECRET_BYTES = 32;
/** Longest stored secret (a generated one is 50 characters). */
export const MAX_WEBHOOK_SECRET_LENGTH = 100;

/**
 * A receiver of outbound events: where they are sent, which types it subscribes to, and the
 * secret they are signed with (shown to its creator once, at registration). `createdBy` is the
 * name of the API key that registered it (null when registered in-process).
 */
export interface WebhookEndpoint {
  readonly id: number;
  readonly url: string;
  readonly events: readonly OutboundEventType[];
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

/** An endpoint with its secret: what registration answers, and what the delivery worker signs with. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  readonly secret: string;
}

/** What registration stores; the id comes from the store. */
export type NewWebhookEndpoint = Omit<WebhookEndpointWithSecret, 'id'>;

/** `whsec_` and the base64 of the secret's random bytes. */
export function webhookSecretOf(randomBytes: Uint8Array): string {
  if (randomBytes.length < 24 || randomBytes.length > 64) throw new RangeError('a signing secret has 24 to 64 random bytes');
  return `${WEBHOOK_SECRET_PREFIX}${Buffer.from(randomBytes).toString('base64')}`;
}

/** The bytes an HMAC is keyed with: the base64 after `whsec_`. */
export function webhookSecretKey(secret: string): Uint8Array {
  return Buffer.from(secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret, 'base64');
}

/**
 * The endpoints an event of `type` is delivered to: those (not deleted) that subscribe to it, as
 * they are when the event is appended. `PostgresOutbox` selects the same in SQL.
 */
export function subscribersOf<E extends Pick<WebhookEndpoint, 'events'>>(type: OutboundEventType, endpoints: readonly E[]): E[] {
  return endpoints.filter((endpoint) => endpoint.events.includes(type));
}

export class WebhookEndpointNotFoundError extends NotFoundError {
  constructor(readonly id: number) {
    super(`Webhook endpoint ${id} not found`);
  }
}

export class InvalidEndpointUrlError extends ValidationError {
  constructor(
    readonly problem: EndpointUrlProblem,
    message: string,
  ) {
    super(message, { field: 'url', problem });
  }
}
