import type { IngestionPace } from '../../../shared/adapters/load/ingestion-pace';
import { type IngestedReport, IngestionMetrics } from '../../application/ports/ingestion-metrics.port';

/** Tells the process's `IngestionPace` of every report ingested, then counts them as `counted` does. */
export class PacingIngestionMetrics extends IngestionMetrics {
  constructor(
    private readonly counted: IngestionMetrics,
    private readonly pace: Pick<IngestionPace, 'add'>,
  ) {
    super();
  }

  countIngested(reports: readonly IngestedReport[]): void {
    this.pace.add(reports.length);
    this.counted.countIngested(reports);
  }
}
