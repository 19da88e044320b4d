import type { WebhookActivity } from '../../domain/webhook-activity';

/** Webhook activity shared by every process of the service, kept across restarts. */
export abstract class WebhookActivityRepository {
  /**
   * Adds what processes counted since their last write: counts are added to the stored ones,
   * the latest times kept (`combineActivity`). Safe against other processes adding at once.
   */
  abstract add(deltas: readonly WebhookActivity[]): Promise<void>;

  /** The stored activity, one entry per provider that has received anything. */
  abstract findAll(): Promise<WebhookActivity[]>;
}
