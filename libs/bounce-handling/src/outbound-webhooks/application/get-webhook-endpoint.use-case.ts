import { Injectable } from '@nestjs/common';
import { type WebhookEndpoint, WebhookEndpointNotFoundError } from '../domain/webhook-endpoint';
import { WebhookEndpointRepository } from './ports/webhook-endpoint.repository.port';

/** A registered endpoint, without its secret; `WebhookEndpointNotFoundError` when unknown or deleted. */
@Injectable()
export class GetWebhookEndpoint {
  constructor(private readonly endpoints: WebhookEndpointRepository) {}

  async execute(id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.find(id);
    if (endpoint === null) throw new WebhookEndpointNotFoundError(id);
    return endpoint;
  }
}
