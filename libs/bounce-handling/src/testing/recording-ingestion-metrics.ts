import type { IngestedReport, IngestionMetrics } from '../bounces/application/ports/ingestion-metrics.port';

/** Remembers every report counted, in order. */
export class RecordingIngestionMetrics implements IngestionMetrics {
  readonly counted: IngestedReport[] = [];

  countIngested(reports: readonly IngestedReport[]): void {
    this.counted.push(...reports);
  }
}
