import type { BounceCause, BounceSource, BounceType } from './delivery-event';

/** One recorded bounce or complaint. Bounces are append-only: never updated, never deleted. */
export interface Bounce {
  readonly id: number;
  readonly email: string;
  readonly bounceType: BounceType;
  readonly bounceSubtype: string | null;
  readonly diagnosticCode: string | null;
  /** Why it bounced: reason, category, enhanced status code and receiving server (docs/bounce-classification.md). */
  readonly cause: BounceCause;
  readonly source: BounceSource;
  readonly subscriberId: number | null;
  readonly campaignId: string | null;
  readonly providerMessageId: string | null;
  readonly providerEventId: string | null;
  readonly createdAt: Date;
}

/** A bounce as listed: with the names of its campaign and subscriber when they are known. */
export interface BounceView extends Bounce {
  readonly campaignName: string | null;
  readonly subscriberName: string | null;
}
