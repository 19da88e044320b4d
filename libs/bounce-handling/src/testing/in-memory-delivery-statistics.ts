import type { DeliveryStatistics, ReportToCount } from '../bounces/application/ports/delivery-statistics.port';

/** A `DeliveryStatistics` (the bounces feature's view of statistics) that remembers what it counted and what was published. */
export class RecordingDeliveryStatistics implements DeliveryStatistics {
  readonly counted: ReportToCount[] = [];
  published = 0;

  async count(reports: readonly ReportToCount[]): Promise<{ publish(): Promise<void> }> {
    this.counted.push(...reports);
    return { publish: async () => void (this.published += 1) };
  }
}
