import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { WebhookEndpointNotFoundError } from '../domain/webhook-endpoint';
import { WebhookEndpointRepository } from './ports/webhook-endpoint.repository.port';

/**
 * Deletes an endpoint: no event is delivered to it from then on (its pending deliveries are
 * cancelled), and events appended later are not written for it. `WebhookEndpointNotFoundError`
 * when unknown or deleted already.
 */
@Injectable()
export class DeleteWebhookEndpoint {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: number): Promise<void> {
    if (!(await this.endpoints.remove(id, this.clock.now()))) throw new WebhookEndpointNotFoundError(id);
  }
}
