import { Counter, type Registry } from 'prom-client';
import { type IngestedReport, IngestionMetrics } from '../../application/ports/ingestion-metrics.port';

/**
 * `bounce_reports_total{source,outcome}` on the host's registry: every report ingested, from a
 * provider's webhook, the API or raw mail, by what became of it.
 */
export class PrometheusIngestionMetrics extends IngestionMetrics {
  private readonly reports: Counter<'source' | 'outcome'>;

  constructor(registry: Registry) {
    super();
    this.reports = new Counter({
      name: 'bounce_reports_total',
      help: 'Reports ingested (bounces, complaints, deliveries), by source and outcome: recorded, duplicate (re-sent: nothing applied), applied (a delivery that reset a count: no row), ignored (neither)',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    });
  }

  countIngested(reports: readonly IngestedReport[]): void {
    // A provider's batch holds thousands of reports of a few kinds: one increment a kind.
    const counts = new Map<string, { report: IngestedReport; count: number }>();
    for (const report of reports) {
      const key = `${report.source} ${report.result}`;
      const known = counts.get(key);
      if (known === undefined) counts.set(key, { report, count: 1 });
      else known.count += 1;
    }
    for (const { report, count } of counts.values()) this.reports.inc({ source: report.source, outcome: report.result }, count);
  }
}

/** Counts nothing: the host keeps no metrics. */
export class UncountedIngestionMetrics extends IngestionMetrics {
  countIngested(): void {}
}
