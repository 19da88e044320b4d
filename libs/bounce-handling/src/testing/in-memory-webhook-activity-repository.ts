import type { WebhookActivityRepository } from '../webhooks/application/ports/webhook-activity.repository.port';
import { combineActivity, noActivity, type WebhookActivity, type WebhookProvider } from '../webhooks/domain/webhook-activity';

/** An in-memory `WebhookActivityRepository` that keeps every write, and can be made to fail. */
export class InMemoryWebhookActivityRepository implements WebhookActivityRepository {
  readonly stored = new Map<WebhookProvider, WebhookActivity>();
  /** The deltas of each call of `add`, in order (failed calls included). */
  readonly writes: WebhookActivity[][] = [];
  /** While set, `add` rejects with it and stores nothing. */
  failure: Error | null = null;

  async add(deltas: readonly WebhookActivity[]): Promise<void> {
    this.writes.push([...deltas]);
    if (this.failure) throw this.failure;
    for (const delta of deltas) this.stored.set(delta.provider, combineActivity(this.stored.get(delta.provider) ?? noActivity(delta.provider), delta));
  }

  async findAll(): Promise<WebhookActivity[]> {
    return [...this.stored.values()];
  }
}
