import type { Page, PageRequest } from '../../../shared/application/page';
import type { NewWebhookEndpoint, WebhookEndpoint, WebhookEndpointWithSecret } from '../../domain/webhook-endpoint';

export abstract class WebhookEndpointRepository {
  abstract add(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointWithSecret>;
  /** A registered endpoint (not deleted), or null. */
  abstract find(id: number): Promise<WebhookEndpoint | null>;
  /** With its secret, for signing; null when deleted or unknown. */
  abstract findWithSecret(id: number): Promise<WebhookEndpointWithSecret | null>;
  /** Newest first, deleted ones left out, with the exact total. */
  abstract list(page: PageRequest): Promise<Page<WebhookEndpoint>>;
  /**
   * Deletes the endpoint at `at` and cancels its pending deliveries, in one transaction; false
   * when there was no such endpoint (or it was deleted already).
   */
  abstract remove(id: number, at: Date): Promise<boolean>;
}
