/**
 * One event's delivery to one endpoint (a row of `webhook_deliveries`). `pending`: waiting for
 * its first or next attempt at `nextAttemptAt`; `delivered`: the endpoint answered 2xx;
 * `failed`: an attempt failed and no other is due (kept for an operator's retry); `dead`: given
 * up after the retry period; `cancelled`: its endpoint was deleted before it was delivered.
 */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead', 'cancelled'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
export const MAX_WEBHOOK_DELIVERY_STATUS_LENGTH = 16;

/** Longest event type the outbox stores (`outbox_events.type`); the known ones are shorter. */
export const MAX_OUTBOUND_EVENT_TYPE_LENGTH = 64;

export interface WebhookDelivery {
  readonly id: number;
  readonly eventId: number;
  readonly endpointId: number;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly lastLatencyMs: number | null;
  readonly deliveredAt: Date | null;
  readonly createdAt: Date;
}

/** One attempt of a delivery (a row of `webhook_delivery_attempts`): the endpoint's log. */
export interface WebhookDeliveryAttempt {
  readonly deliveryId: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly startedAt: Date;
  /** The HTTP status the endpoint answered; null when it answered none (`error` says why). */
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly latencyMs: number | null;
}
