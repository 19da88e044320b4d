import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import type { WebhookEndpoint } from '../domain/webhook-endpoint';
import { WebhookEndpointRepository } from './ports/webhook-endpoint.repository.port';

/** The registered endpoints, newest first, with the exact total; no secrets. */
@Injectable()
export class ListWebhookEndpoints {
  constructor(private readonly endpoints: WebhookEndpointRepository) {}

  execute(page: PageRequest): Promise<Page<WebhookEndpoint>> {
    return this.endpoints.list(page);
  }
}
