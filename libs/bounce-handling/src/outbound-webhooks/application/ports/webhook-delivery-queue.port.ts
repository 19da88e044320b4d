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
   * Turns up to `limit` events of the outbox not dispatched yet, oldest first, into deliveries:
   * one `pending`, due at once, per endpoint that subscribes to the event's type, is not deleted,
   * and was registered when the event was written; the events are then dispatched, whether any
   * endpoint still wanted them or not. Its own short transaction; concurrent workers never
   * dispatch one event twice. Answers how many events it dispatched.
   */
  abstract dispatch(limit: number): Promise<number>;

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

  /**
   * Logs the attempts and sets each delivery's status, attempts and next attempt, all in one
   * transaction. An attempt already logged (by a worker whose lease ran out) changes nothing, and
   * a delivery no longer pending (cancelled meanwhile) keeps its status.
   */
  abstract record(attempts: readonly DeliveryAttempt[]): Promise<void>;
}
