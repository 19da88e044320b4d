import type { OutboundEventType } from '../../../shared/domain/outbound-event';

/** One signed POST of one event to one endpoint. */
export interface OutgoingWebhook {
  readonly url: string;
  /** The endpoint's Standard Webhooks secret (`whsec_…`). */
  readonly secret: string;
  /** `webhook-id`: the same on every attempt of one delivery, so that a receiver takes a retry it already has as a duplicate. */
  readonly messageId: string;
  readonly type: OutboundEventType;
  readonly occurredAt: Date;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What one attempt came to: `delivered` on a 2xx answer, `failed` otherwise (another status, a refused destination, a timeout, a network failure). */
export type SendResult =
  | { readonly outcome: 'delivered'; readonly statusCode: number; readonly latencyMs: number }
  | { readonly outcome: 'failed'; readonly statusCode: number | null; readonly latencyMs: number; readonly error: string };

export abstract class WebhookSender {
  /** Never rejects: every failure is a `failed` result. */
  abstract send(webhook: OutgoingWebhook): Promise<SendResult>;
}
