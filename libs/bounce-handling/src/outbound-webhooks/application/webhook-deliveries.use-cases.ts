import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import { Clock } from '../../shared/application/ports/clock.port';
import { NotFoundError } from '../../shared/domain/domain-error';
import type { WebhookDeliveryStatus } from '../domain/webhook-delivery';
import { WebhookEndpointNotFoundError } from '../domain/webhook-endpoint';
import { WebhookDeliveryLog, type WebhookDeliveryLogEntry } from './ports/webhook-delivery-log.port';
import { WebhookEndpointRepository } from './ports/webhook-endpoint.repository.port';

export class WebhookDeliveryNotFoundError extends NotFoundError {
  constructor(
    readonly endpointId: number,
    readonly deliveryId: number,
  ) {
    super(`Delivery ${deliveryId} of webhook endpoint ${endpointId} not found`);
  }
}

/** The delivery log of a registered endpoint; `WebhookEndpointNotFoundError` when it is unknown or deleted. */
@Injectable()
export class ListWebhookDeliveries {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly log: WebhookDeliveryLog,
  ) {}

  async execute(endpointId: number, statuses: readonly WebhookDeliveryStatus[] | null, page: PageRequest): Promise<Page<WebhookDeliveryLogEntry>> {
    if ((await this.endpoints.find(endpointId)) === null) throw new WebhookEndpointNotFoundError(endpointId);
    return this.log.list(endpointId, statuses, page);
  }
}

/**
 * Sends a delivery again now, whatever became of it: a dead one is revived, a delivered one
 * sent once more (a receiver that lost it). It is then retried on the schedule as before, which
 * gives up 24 h after the event: a revived old delivery gets one attempt.
 */
@Injectable()
export class RetryWebhookDelivery {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly log: WebhookDeliveryLog,
    private readonly clock: Clock,
  ) {}

  async execute(endpointId: number, deliveryId: number): Promise<void> {
    if ((await this.endpoints.find(endpointId)) === null) throw new WebhookEndpointNotFoundError(endpointId);
    if (!(await this.log.retry(endpointId, deliveryId, this.clock.now()))) throw new WebhookDeliveryNotFoundError(endpointId, deliveryId);
  }
}
