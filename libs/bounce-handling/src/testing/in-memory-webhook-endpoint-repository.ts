import type { Page, PageRequest } from '../shared/application/page';
import { WebhookEndpointRepository } from '../outbound-webhooks/application/ports/webhook-endpoint.repository.port';
import type { NewWebhookEndpoint, WebhookEndpoint, WebhookEndpointWithSecret } from '../outbound-webhooks/domain/webhook-endpoint';

/** Endpoints in memory; a deleted one is kept with its time (`deletedAt`), as the table keeps it. */
export class InMemoryWebhookEndpointRepository extends WebhookEndpointRepository {
  readonly rows: (WebhookEndpointWithSecret & { deletedAt: Date | null })[] = [];

  async add(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointWithSecret> {
    const stored = { ...endpoint, id: this.rows.length + 1, deletedAt: null };
    this.rows.push(stored);
    return withSecret(stored);
  }

  async find(id: number): Promise<WebhookEndpoint | null> {
    const row = this.live(id);
    return row === undefined ? null : withoutSecret(row);
  }

  async findWithSecret(id: number): Promise<WebhookEndpointWithSecret | null> {
    const row = this.live(id);
    return row === undefined ? null : withSecret(row);
  }

  async list(page: PageRequest): Promise<Page<WebhookEndpoint>> {
    const live = this.rows.filter((row) => row.deletedAt === null).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    return { items: live.slice(page.offset, page.offset + page.limit).map(withoutSecret), total: live.length, limit: page.limit, offset: page.offset };
  }

  async remove(id: number, at: Date): Promise<boolean> {
    const row = this.live(id);
    if (row === undefined) return false;
    row.deletedAt = at;
    return true;
  }

  private live(id: number) {
    return this.rows.find((row) => row.id === id && row.deletedAt === null);
  }
}

function withSecret({ id, url, events, secret, createdBy, createdAt }: WebhookEndpointWithSecret): WebhookEndpointWithSecret {
  return { id, url, events, secret, createdBy, createdAt };
}

function withoutSecret({ id, url, events, createdBy, createdAt }: WebhookEndpoint): WebhookEndpoint {
  return { id, url, events, createdBy, createdAt };
}
