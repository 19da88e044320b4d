/**
 * What the service tells other systems through registered webhook endpoints. Each is written to
 * the outbox in the transaction of the change it reports, so that no change is committed without
 * its event and no event without its change; it is delivered afterwards, at least once.
 */
export const OUTBOUND_EVENT_TYPES = ['bounce.recorded', 'subscriber.status_changed', 'suppression.added', 'suppression.removed', 'alert.triggered'] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

export function isOutboundEventType(value: string): value is OutboundEventType {
  return (OUTBOUND_EVENT_TYPES as readonly string[]).includes(value);
}

/** One event, as its receivers see it: its type, when it happened, and its JSON `data` (snake_case fields). */
export interface OutboundEvent {
  readonly type: OutboundEventType;
  readonly occurredAt: Date;
  readonly data: Readonly<Record<string, unknown>>;
}
