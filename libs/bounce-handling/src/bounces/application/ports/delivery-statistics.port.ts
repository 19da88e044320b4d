import type { BounceSource, BounceType } from '../../domain/delivery-event';

/** A stored report as statistics count it. */
export interface ReportToCount {
  readonly at: Date;
  /** A delivery, or the type the bounce was stored with. */
  readonly outcome: 'delivered' | BounceType;
  readonly email: string;
  readonly campaignId: string | null;
  readonly source: BounceSource;
  /** The stored cause of a bounce or complaint; null for a delivery. */
  readonly reason: string | null;
  readonly category: string | null;
}

/**
 * Statistics as ingestion feeds them: the reports of a batch, counted in its transaction (so
 * that counts and stored bounces commit together), and what to announce once it has committed.
 */
export abstract class DeliveryStatistics {
  abstract count(reports: readonly ReportToCount[]): Promise<{ publish(): Promise<void> }>;
}
