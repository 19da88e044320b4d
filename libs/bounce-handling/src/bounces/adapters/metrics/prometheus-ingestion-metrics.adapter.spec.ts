import { Registry } from 'prom-client';
import { PrometheusIngestionMetrics } from './prometheus-ingestion-metrics.adapter';

describe('PrometheusIngestionMetrics', () => {
  it('adds each report to bounce_reports_total under its source and outcome', async () => {
    const registry = new Registry();
    const metrics = new PrometheusIngestionMetrics(registry);
    metrics.countIngested([
      { source: 'ses', result: 'recorded' },
      { source: 'ses', result: 'recorded' },
      { source: 'ses', result: 'duplicate' },
      { source: 'sendgrid', result: 'ignored' },
    ]);
    metrics.countIngested([{ source: 'ses', result: 'recorded' }]);
    const { values } = await registry.getSingleMetric('bounce_reports_total')!.get();
    expect(values.map(({ labels, value }) => ({ labels, value }))).toEqual([
      { labels: { source: 'ses', outcome: 'recorded' }, value: 3 },
      { labels: { source: 'ses', outcome: 'duplicate' }, value: 1 },
      { labels: { source: 'sendgrid', outcome: 'ignored' }, value: 1 },
    ]);
  });
});
