import type { BounceSource } from '../../domain/delivery-event';

/** What became of one report: stored (`recorded`), re-sent (`duplicate`), applied without a row (`applied`), or neither (`ignored`). */
export type IngestResult = 'recorded' | 'duplicate' | 'applied' | 'ignored';

export interface IngestedReport {
  readonly source: BounceSource;
  readonly result: IngestResult;
}

/** Counts the reports ingested, by source and result; told only once their transaction has committed. */
export abstract class IngestionMetrics {
  abstract countIngested(reports: readonly IngestedReport[]): void;
}
