import type { Page, PageRequest } from '../../../shared/application/page';
import type { WebhookDeliveryStatus } from '../../domain/webhook-delivery';

/** One delivery as an endpoint's log shows it. */
export interface WebhookDeliveryLogEntry {
  readonly id: number;
  readonly eventId: number;
  readonly eventType: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly lastLatencyMs: number | null;
  /** When it is due (pending), null otherwise. */
  readonly nextAttemptAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly createdAt: Date;
}

/** The deliveries of one endpoint, for its operators. */
export abstract class WebhookDeliveryLog {
  /** Newest first, with the exact total; `statuses` (when given) narrows to those. */
  abstract list(endpointId: number, statuses: readonly WebhookDeliveryStatus[] | null, page: PageRequest): Promise<Page<WebhookDeliveryLogEntry>>;

  /** Makes the delivery pending and due at `now`, whatever its status; false when the endpoint has no such delivery. */
  abstract retry(endpointId: number, deliveryId: number, now: Date): Promise<boolean>;
}
