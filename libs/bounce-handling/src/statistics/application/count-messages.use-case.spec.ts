import { FixedClock, InMemoryCampaignHealthLevels, InMemoryDeliveryStatisticsRepository, InMemoryTransactionRunner, InMemoryOutbox } from '../../testing';
import type { CountedMessage, CountedOutcome } from '../domain/counted-message';
import { CountMessages } from './count-messages.use-case';
import { CountSends } from './count-sends.use-case';
import { GetBounceStatistics } from './get-bounce-statistics.use-case';
import { GroupRankings } from './group-rankings';
import { GetCampaignHealth } from './get-campaign-health.use-case';
import type { AlertNotifier } from './ports/alert.notifier.port';
import type { CampaignAlert } from './ports/delivery-statistics.repository.port';

const NOW = new FixedClock().now();

class RecordingAlertNotifier implements AlertNotifier {
  readonly published: CampaignAlert[] = [];

  async publish(alerts: readonly CampaignAlert[]): Promise<void> {
    this.published.push(...alerts);
  }
}

function setUp() {
  const levels = new InMemoryCampaignHealthLevels();
  const statistics = new InMemoryDeliveryStatisticsRepository(levels);
  const outbox = new InMemoryOutbox();
  const notifier = new RecordingAlertNotifier();
  const transactions = new InMemoryTransactionRunner();
  const clock = new FixedClock();
  const count = new CountMessages(statistics, levels, outbox, notifier);
  const sends = new CountSends(transactions, count, clock);
  const reports = async (outcome: CountedOutcome, n: number, campaignId: string | null = 'spring', category: string | null = 'recipient') => {
    const messages: CountedMessage[] = Array.from({ length: n }, (_, i) => ({
      at: NOW,
      outcome,
      email: `r${i}@example.com`,
      campaignId,
      reason: outcome === 'delivered' ? null : 'user_unknown',
      category: outcome === 'delivered' ? null : category,
      source: 'ses',
    }));
    const counted = await count.execute(messages, NOW);
    await counted.publish();
    return counted;
  };
  return {
    statistics,
    levels,
    outbox,
    notifier,
    sends,
    reports,
    transactions,
    statisticsOf: new GetBounceStatistics(statistics, new GroupRankings(statistics, clock), clock),
    health: new GetCampaignHealth(statistics),
  };
}

describe('CountSends', () => {
  it('counts the addresses in one transaction, by campaign and domain, and skips what is no address', async () => {
    const { sends, statistics, transactions } = setUp();
    expect(await sends.execute({ campaignId: 42, emails: ['A@Example.com ', 'b@example.org', 'nobody'] })).toEqual({ counted: 2, invalid: 1 });
    expect(transactions.transactions).toBe(1);
    expect(statistics.batches).toHaveLength(1);
    expect(await statistics.campaignTotals(['42'])).toEqual(new Map([['42', expect.objectContaining({ sent: 2 })]]));
  });

  it('opens no transaction when nothing is an address', async () => {
    const { sends, transactions } = setUp();
    expect(await sends.execute({ emails: ['nobody'] })).toEqual({ counted: 0, invalid: 1 });
    expect(transactions.transactions).toBe(0);
  });

  it('refuses more than 10,000 addresses, naming emails', async () => {
    const { sends } = setUp();
    await expect(sends.execute({ emails: Array(10_001).fill('a@example.com') })).rejects.toMatchObject({
      details: [{ field: 'emails', message: expect.any(String) }],
    });
  });
});

describe('CountMessages', () => {
  it('writes one batch of increments, each counter row once, in key order', async () => {
    const { statistics, reports } = setUp();
    await reports('hard', 3);
    const [batch] = statistics.batches;
    const keys = batch.map((row) => [row.dimension, row.group, row.granularity, row.bucket.toISOString()].join('\u0000'));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
    expect(batch.find((row) => row.dimension === 'domain' && row.granularity === 'hour')?.figures.hard).toBe(3);
  });

  it('alerts once when a campaign crosses into warning, and once more into critical', async () => {
    const { sends, reports, outbox, notifier, levels } = setUp();
    await sends.execute({ campaignId: 'spring', emails: Array.from({ length: 100 }, (_, i) => `s${i}@example.com`) });
    await reports('hard', 4);
    expect(outbox.events).toEqual([]);
    await reports('hard', 1);
    expect(outbox.events).toEqual([
      {
        type: 'alert.triggered',
        occurredAt: NOW,
        data: expect.objectContaining({
          campaign_id: 'spring',
          status: 'warning',
          previous_status: 'ok',
          sent: 100,
          hard: 5,
          bounce_rate: 0.05,
          rate_basis: 'sent',
        }),
      },
    ]);
    await reports('hard', 4);
    expect(outbox.events).toHaveLength(1);
    await reports('hard', 1);
    expect(outbox.events.map((event) => [event.data.previous_status, event.data.status])).toEqual([
      ['ok', 'warning'],
      ['warning', 'critical'],
    ]);
    expect(notifier.published.map((alert) => alert.health.status)).toEqual(['warning', 'critical']);
    expect(levels.statuses.get('spring')).toBe('critical');
  });

  it('alerts again after the campaign recovered and crossed again', async () => {
    const { sends, reports, outbox, levels } = setUp();
    await sends.execute({ campaignId: 'spring', emails: Array.from({ length: 100 }, (_, i) => `s${i}@example.com`) });
    await reports('hard', 5);
    await sends.execute({ campaignId: 'spring', emails: Array.from({ length: 100 }, (_, i) => `t${i}@example.com`) });
    expect(levels.statuses.get('spring')).toBe('ok');
    await reports('hard', 5);
    expect(outbox.events.map((event) => event.data.status)).toEqual(['warning', 'warning']);
  });

  it('counts a soft bounce of category sender as a sender block, with the bounces in the rate', async () => {
    const { reports, statisticsOf } = setUp();
    await reports('soft', 2, null, 'sender');
    await reports('soft', 1, null, 'mailbox');
    await reports('delivered', 7, null);
    const { buckets } = await statisticsOf.execute({ interval: 'day' });
    expect(buckets.at(-1)).toMatchObject({
      figures: { sent: 0, delivered: 7, hard: 0, soft: 1, complaint: 0, senderBlocks: 2 },
      bounceRate: 0.3,
      rateBasis: 'reported',
    });
  });

  it('reads the last statuses of the campaigns it counts with their increments, in one call to the counters, not after them', async () => {
    const { reports, sends, statistics } = setUp();
    await sends.execute({ campaignId: 'spring', emails: ['s@example.com'] });
    await reports('hard', 3);
    await reports('hard', 1, null);
    expect(statistics.levelsAskedFor).toEqual([['spring'], ['spring'], []]);
  });

  it('checks no campaign for reports of none', async () => {
    const { reports, levels, outbox } = setUp();
    await reports('hard', 200, null);
    expect(levels.statuses.size).toBe(0);
    expect(outbox.events).toEqual([]);
  });
});

describe('GetCampaignHealth', () => {
  it('answers the figures, rates, status and advice of a campaign over all its time', async () => {
    const { sends, reports, health } = setUp();
    await sends.execute({ campaignId: 'spring', emails: Array.from({ length: 100 }, (_, i) => `s${i}@example.com`) });
    await reports('complaint', 1);
    const report = await health.execute({ campaignId: 'spring' });
    expect(report).toMatchObject({ campaignId: 'spring', from: null, to: null, complaintRate: 0.01, rateBasis: 'sent', status: 'critical' });
    expect(report.advice.length).toBeGreaterThan(0);
  });

  it('rounds from down and to up to the hour', async () => {
    const { health } = setUp();
    const report = await health.execute({ campaignId: 'spring', from: new Date('2026-01-10T12:30:00Z'), to: new Date('2026-01-10T13:10:00Z') });
    expect([report.from?.toISOString(), report.to?.toISOString()]).toEqual(['2026-01-10T12:00:00.000Z', '2026-01-10T14:00:00.000Z']);
  });
});
