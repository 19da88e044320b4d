import type { Page, PageRequest } from '../../../shared/application/page';
import type { OutboxSubscriptions } from '../../../shared/adapters/persistence/subscribed-types-outbox.adapter';
import { WebhookEndpointRepository } from '../../application/ports/webhook-endpoint.repository.port';
import type { NewWebhookEndpoint, WebhookEndpoint, WebhookEndpointWithSecret } from '../../domain/webhook-endpoint';

/**
 * The endpoints, whose additions and removals make the outbox of this process forget the event
 * types it kept (`OutboxSubscriptions.changing`): an endpoint registered here receives the events
 * of the changes written once its registration is answered, without waiting for the database's notice.
 */
export class SubscriptionsForgettingEndpointRepository extends WebhookEndpointRepository {
  constructor(
    private readonly stored: WebhookEndpointRepository,
    private readonly subscriptions: Pick<OutboxSubscriptions, 'changing'>,
  ) {
    super();
  }

  add(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointWithSecret> {
    return this.subscriptions.changing(() => this.stored.add(endpoint));
  }

  remove(id: number, at: Date): Promise<boolean> {
    return this.subscriptions.changing(() => this.stored.remove(id, at));
  }

  find(id: number): Promise<WebhookEndpoint | null> {
    return this.stored.find(id);
  }

  findWithSecret(id: number): Promise<WebhookEndpointWithSecret | null> {
    return this.stored.findWithSecret(id);
  }

  list(page: PageRequest): Promise<Page<WebhookEndpoint>> {
    return this.stored.list(page);
  }
}
