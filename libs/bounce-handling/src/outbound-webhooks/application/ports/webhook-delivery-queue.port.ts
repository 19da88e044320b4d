import type { OutboundEventType } from '../../../shared/domain/outbound-event';
import type { SendResult } from './webhook-sender.port';

/** A delivery (one event to one endpoint) taken for an attempt. */
export interface DueDelivery {
  /** Its id, sent as `webhook-id`: the same on every attempt. */
  readonly id: string;
  readonly endpointId: string;
  /** Attempts made before this one. */
  readonly attempts: number;
  readonly url: string;
  readonly secret: string;
  readonly eventType: OutboundEventType;
  readonly occurredAt: Date;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What becomes of a delivery after an attempt. */
export type DeliveryOutcome = { readonly status: 'delivered' } | { readonly status: 'pending'; readonly nextAttemptAt: Date } | { readonly status: 'dead' };

export interface DeliveryAttempt {
  readonly deliveryId: string;
  /** This attempt's number, from 1. */
  readonly attempt: number;
  readonly startedAt: Date;
  readonly result: SendResult;
  readonly outcome: DeliveryOutcome;
}

/** The deliveries waiting for their endpoints, as the worker sees them. */
export abstract class WebhookDeliveryQueue {
  /**
   * Takes at most `limit` deliveries due at `now`, oldest first, so that no endpoint has more
   * than `perEndpoint` in flight counting those the caller has already (`inFlight`), and leases them until `leaseUntil`: no other worker
   * takes them before then, and a worker that dies holding them has them tried again after it.
   * Its own short transaction; concurrent workers never take one delivery twice.
   */
  abstract claimDue(claim: {
    readonly now: Date;
    readonly leaseUntil: Date;
    readonly limit: number;
    readonly perEndpoint: number;
    readonly inFlight: ReadonlyMap<string, number>;
  }): Promise<DueDelivery[]>;

  /** Logs the attempt and sets the delivery's status, attempts and next attempt, in one transaction. */
  abstract record(attempt: DeliveryAttempt): Promise<void>;
}
