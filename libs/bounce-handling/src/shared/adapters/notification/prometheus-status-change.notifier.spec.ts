import { Registry } from 'prom-client';
import type { StatusChange } from '../../domain/status-change';
import { PrometheusStatusChangeNotifier } from './prometheus-status-change.notifier';

const change = (fields: Pick<StatusChange, 'previousStatus' | 'status' | 'reason'>): StatusChange => ({
  email: 'alice@example.com',
  subscriberId: null,
  bounceId: null,
  occurredAt: new Date('2026-01-10T12:00:00Z'),
  ...fields,
});

describe('PrometheusStatusChangeNotifier', () => {
  it('counts the changes to bounced or unsubscribed by reason, and no re-activation', async () => {
    const registry = new Registry();
    await new PrometheusStatusChangeNotifier(registry).publish([
      change({ previousStatus: 'active', status: 'bounced', reason: 'hard-bounce' }),
      change({ previousStatus: 'bounced', status: 'unsubscribed', reason: 'complaint' }),
      change({ previousStatus: 'active', status: 'bounced', reason: 'hard-bounce' }),
      change({ previousStatus: 'bounced', status: 'active', reason: 'reactivation' }),
    ]);
    const { values } = await registry.getSingleMetric('suppressions_total')!.get();
    expect(values.map(({ labels, value }) => ({ labels, value }))).toEqual([
      { labels: { reason: 'hard-bounce' }, value: 2 },
      { labels: { reason: 'complaint' }, value: 1 },
    ]);
  });
});
