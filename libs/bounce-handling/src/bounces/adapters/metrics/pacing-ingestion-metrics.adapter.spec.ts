import { IngestionPace } from '../../../shared/adapters/load/ingestion-pace';
import { RecordingIngestionMetrics } from '../../../testing';
import { PacingIngestionMetrics } from './pacing-ingestion-metrics.adapter';

describe('PacingIngestionMetrics', () => {
  it('tells the pace of every report ingested, and counts them as the metrics it wraps do', () => {
    const pace = new IngestionPace(() => 0);
    const counted = new RecordingIngestionMetrics();
    const metrics = new PacingIngestionMetrics(counted, pace);
    metrics.countIngested([
      { source: 'ses', result: 'recorded' },
      { source: 'ses', result: 'duplicate' },
    ]);
    expect(pace.perSecond()).toBe(2);
    expect(counted.counted).toEqual([
      { source: 'ses', result: 'recorded' },
      { source: 'ses', result: 'duplicate' },
    ]);
  });
});
