import type { DeliveryEvent } from '../../bounces/application/bounces.facade';

/** A report of a webhook that gives no event, and why. */
export interface IgnoredReport<Reason extends string = string> {
  /** The provider's reason, one of its mapper's own list. */
  readonly reason: Reason;
  /** What a log line may show to find the report again (a position, an event type; never an address). */
  readonly detail: string;
}

/**
 * What a provider's mapper makes of one authentic webhook request, whatever the provider:
 * every report it received is either an event to ingest or ignored for a reason
 * (`received` = `events.length` + `ignored.length`).
 */
export interface WebhookMapping<Reason extends string = string> {
  /** The events to ingest, in the order reported. */
  readonly events: readonly DeliveryEvent[];
  readonly received: number;
  readonly ignored: readonly IgnoredReport<Reason>[];
}
