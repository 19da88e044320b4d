import { ALL_TIME_BUCKET, type CountedMessage, statisticsIncrements } from './counted-message';
import { NO_FIGURES } from './delivery-figures';

const at = (iso: string): Date => new Date(iso);

describe('statisticsIncrements', () => {
  const messages: CountedMessage[] = [
    {
      at: at('2026-12-04T10:15:00Z'),
      outcome: 'hard',
      email: 'a@gmail.com',
      campaignId: 'spring',
      reason: 'user_unknown',
      category: 'recipient',
      source: 'sendgrid',
    },
    { at: at('2026-12-04T10:45:00Z'), outcome: 'soft', email: 'b@gmail.com', campaignId: 'spring', reason: 'blocked', category: 'sender', source: 'sendgrid' },
    { at: at('2026-12-04T11:05:00Z'), outcome: 'soft', email: 'c@yahoo.com', campaignId: null, reason: 'mailbox_full', category: 'mailbox', source: 'ses' },
    { at: at('2026-12-05T00:00:00Z'), outcome: 'delivered', email: 'd@sub.gmail.com', campaignId: 'spring', reason: null, category: null, source: 'ses' },
    { at: at('2026-12-04T10:59:59Z'), outcome: 'sent', email: 'e@gmail.com', campaignId: 'spring', reason: null, category: null, source: null },
  ];

  it('sums each counter row once: every dimension by hour and UTC day, and a campaign over all its time', () => {
    const rows = statisticsIncrements(messages);
    const find = (dimension: string, group: string, granularity: string, bucket: string) =>
      rows.find((row) => row.dimension === dimension && row.group === group && row.granularity === granularity && row.bucket.toISOString() === bucket)?.figures;

    expect(find('campaign', 'spring', 'hour', '2026-12-04T10:00:00.000Z')).toEqual({ ...NO_FIGURES, hard: 1, senderBlocks: 1, sent: 1 });
    expect(find('campaign', 'spring', 'day', '2026-12-04T00:00:00.000Z')).toEqual({ ...NO_FIGURES, hard: 1, senderBlocks: 1, sent: 1 });
    expect(find('campaign', 'spring', 'all', ALL_TIME_BUCKET.toISOString())).toEqual({ ...NO_FIGURES, hard: 1, senderBlocks: 1, sent: 1, delivered: 1 });
    expect(find('campaign', '', 'hour', '2026-12-04T11:00:00.000Z')).toEqual({ ...NO_FIGURES, soft: 1 });
    expect(find('domain', 'gmail.com', 'day', '2026-12-04T00:00:00.000Z')).toEqual({ ...NO_FIGURES, hard: 1, senderBlocks: 1, sent: 1 });
    expect(find('domain', 'sub.gmail.com', 'day', '2026-12-05T00:00:00.000Z')).toEqual({ ...NO_FIGURES, delivered: 1 });
    expect(find('reason', '', 'hour', '2026-12-04T10:00:00.000Z')).toEqual({ ...NO_FIGURES, sent: 1 });
    expect(find('category', 'sender', 'hour', '2026-12-04T10:00:00.000Z')).toEqual({ ...NO_FIGURES, senderBlocks: 1 });
    expect(find('source', 'ses', 'day', '2026-12-04T00:00:00.000Z')).toEqual({ ...NO_FIGURES, soft: 1 });
    expect(find('source', '', 'day', '2026-12-04T00:00:00.000Z')).toEqual({ ...NO_FIGURES, sent: 1 });
    expect(rows.filter((row) => row.granularity === 'all')).toHaveLength(1);
    expect(rows).toHaveLength(41);
  });

  it('answers the rows in the order of their key: dimension, group, granularity, bucket', () => {
    const keys = statisticsIncrements(messages).map((row) => [row.dimension, row.group, row.granularity, row.bucket.toISOString()]);
    const sorted = [...keys].sort((a, b) => {
      for (let i = 0; i < 4; i += 1) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return 0;
    });
    expect(keys).toEqual(sorted);
  });

  it('makes no row of nothing', () => {
    expect(statisticsIncrements([])).toEqual([]);
  });
});
