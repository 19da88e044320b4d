import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { EMPTY_DATA_TABLES } from '../../../../../../test/support/test-database';
import { BACKFILL_DELIVERY_STATISTICS } from '../../../migrations/Migration20261204140000_delivery-statistics';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import { InMemoryOutbox } from '../../../testing';
import { CountMessages } from '../../application/count-messages.use-case';
import type { AlertNotifier } from '../../application/ports/alert.notifier.port';
import { type CountedMessage, type CountedOutcome, statisticsIncrements } from '../../domain/counted-message';
import { NO_FIGURES } from '../../domain/delivery-figures';
import { statisticsRange } from '../../domain/statistics-range';
import { PostgresCampaignHealthLevels, PostgresDeliveryStatisticsRepository } from './postgres-delivery-statistics-repository.adapter';

const MONDAY = new Date('2026-01-05T10:15:00Z');
const at = (hoursLater: number): Date => new Date(MONDAY.getTime() + hoursLater * 3_600_000);
const silent: AlertNotifier = { publish: async () => undefined };

describe('PostgresDeliveryStatisticsRepository on PostgreSQL', () => {
  let db: TestOrm;
  let statistics: PostgresDeliveryStatisticsRepository;
  let transactions: PostgresTransactionRunner;
  let outbox: InMemoryOutbox;
  let count: CountMessages;
  const message = (outcome: CountedOutcome, fields: Partial<CountedMessage> = {}): CountedMessage => ({
    at: MONDAY,
    outcome,
    email: 'someone@example.com',
    campaignId: 'spring',
    reason: outcome === 'sent' || outcome === 'delivered' ? null : 'user_unknown',
    category: outcome === 'sent' || outcome === 'delivered' ? null : 'recipient',
    source: outcome === 'sent' ? null : 'ses',
    ...fields,
  });
  const counted = (messages: CountedMessage[]) => transactions.run(() => count.execute(messages, MONDAY));

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 12 });
    statistics = new PostgresDeliveryStatisticsRepository(db.orm.em);
    transactions = new PostgresTransactionRunner(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql(EMPTY_DATA_TABLES);
    outbox = new InMemoryOutbox();
    count = new CountMessages(statistics, new PostgresCampaignHealthLevels(db.orm.em), outbox, silent);
  });

  afterAll(async () => {
    await db.close();
  });

  it('answers with the counters added the all-time figures of their campaigns and the last status of each campaign asked for, in one statement', async () => {
    await db.sql(`insert into campaign_health_levels (campaign_id, status, changed_at) values ('spring', 'warning', now()), ('autumn', 'critical', now())`);
    const added = await transactions.run(() =>
      statistics.add(statisticsIncrements([message('hard'), message('delivered', { campaignId: 'summer' }), message('hard', { campaignId: null })]), [
        'spring',
        'summer',
      ]),
    );
    expect(added.totals).toEqual(
      new Map([
        ['spring', { ...NO_FIGURES, hard: 1 }],
        ['summer', { ...NO_FIGURES, delivered: 1 }],
      ]),
    );
    expect(added.levels).toEqual(new Map([['spring', 'warning']]));
  });

  it('keeps exact counts after concurrent batches that share their rows, and alerts once for the crossing they make together', async () => {
    await counted(Array.from({ length: 1000 }, (_, i) => message('sent', { email: `s${i}@example.com` })));
    const batches = Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: 10 }, (_, i) =>
        message(i % 2 === 0 ? 'hard' : 'delivered', {
          email: `b${b}-${i}@${i % 3 === 0 ? 'gmail.com' : 'yahoo.com'}`,
          campaignId: b % 2 === 0 ? 'spring' : 'summer',
        }),
      ),
    );
    await Promise.all(batches.map((batch) => counted(batch)));

    const totals = await statistics.campaignTotals(['spring', 'summer']);
    expect(totals.get('spring')).toEqual({ ...NO_FIGURES, sent: 1000, hard: 50, delivered: 50 });
    expect(totals.get('summer')).toEqual({ ...NO_FIGURES, hard: 50, delivered: 50 });
    const byDomain = await statistics.series('domain', statisticsRange({ from: MONDAY, to: at(1), interval: 'hour' }, MONDAY));
    expect(byDomain.map((row) => [row.group, row.figures.hard + row.figures.delivered])).toEqual([
      ['example.com', 0],
      ['gmail.com', 80],
      ['yahoo.com', 120],
    ]);
    // spring: 50 hard of 1000 sent is 5 %, reached by whichever batch came last; summer has no sends: 50 % of its reports, critical.
    expect(outbox.events.map((event) => [event.data.campaign_id, event.data.status]).sort()).toEqual([
      ['spring', 'warning'],
      ['summer', 'critical'],
    ]);
    expect(await db.sql('select campaign_id, status from campaign_health_levels order by campaign_id')).toEqual([
      { campaign_id: 'spring', status: 'warning' },
      { campaign_id: 'summer', status: 'critical' },
    ]);
  });

  it('answers hours from the hour rows, days and weeks (from Monday) from the day rows', async () => {
    await counted([message('sent', { at: at(0) }), message('sent', { at: at(1) }), message('hard', { at: at(24) }), message('sent', { at: at(24 * 7) })]);
    const range = (interval: 'hour' | 'day' | 'week', to: Date) => statisticsRange({ from: MONDAY, to, interval }, MONDAY);
    const sum = (rows: { bucket: Date; figures: { sent: number; hard: number } }[]) =>
      rows.map((row) => [row.bucket.toISOString(), row.figures.sent, row.figures.hard]);
    expect(sum(await statistics.series('campaign', range('hour', at(2))))).toEqual([
      ['2026-01-05T10:00:00.000Z', 1, 0],
      ['2026-01-05T11:00:00.000Z', 1, 0],
    ]);
    expect(sum(await statistics.series('campaign', range('day', at(48))))).toEqual([
      ['2026-01-05T00:00:00.000Z', 2, 0],
      ['2026-01-06T00:00:00.000Z', 0, 1],
    ]);
    expect(sum(await statistics.series('campaign', range('week', at(24 * 8))))).toEqual([
      ['2026-01-05T00:00:00.000Z', 2, 1],
      ['2026-01-12T00:00:00.000Z', 1, 0],
    ]);
  });

  describe('rankGroups and groupSeries', () => {
    const domainsOf = (rows: { bucket: Date; group: string | null; figures: { sent: number; hard: number } }[]) =>
      rows.map((row) => [row.bucket.toISOString().slice(0, 10), row.group, row.figures.sent + row.figures.hard]);
    const days = statisticsRange({ from: MONDAY, to: at(48), interval: 'day' }, MONDAY);
    const sent = (domain: string, count: number, hoursLater = 0) =>
      Array.from({ length: count }, (_, i) => message('sent', { email: `u${i}-${hoursLater}@${domain}`, at: at(hoursLater) }));

    beforeEach(async () => {
      // Over the two days: c.test 5 + 1 = 6 outcomes, a.test 3 + 3 = 6 (a tie with c.test), d.test 4, b.test 1.
      await counted([
        ...sent('c.test', 5),
        ...sent('c.test', 1, 24),
        ...sent('a.test', 3),
        ...sent('a.test', 2, 24),
        message('hard', { email: 'x@a.test', at: at(24) }),
        ...sent('d.test', 4, 24),
        ...sent('b.test', 1),
      ]);
    });

    it('ranks the groups with the most outcomes over the range, ties by group key, and counts the groups', async () => {
      expect(await statistics.rankGroups('domain', days, 2)).toEqual({ groups: ['a.test', 'c.test'], groupsTotal: 4 });
    });

    it('ranks a group by its whole range, not by one bucket', async () => {
      expect((await statistics.rankGroups('domain', days, 3)).groups).toEqual(['a.test', 'c.test', 'd.test']);
    });

    it('answers every group when there are fewer than the limit, and none with no groups total for an empty range', async () => {
      expect(await statistics.rankGroups('domain', days, 100)).toEqual({ groups: ['a.test', 'c.test', 'd.test', 'b.test'], groupsTotal: 4 });
      const empty = statisticsRange({ from: at(24 * 10), to: at(24 * 11), interval: 'day' }, MONDAY);
      expect(await statistics.rankGroups('domain', empty, 20)).toEqual({ groups: [], groupsTotal: 0 });
      expect(await statistics.groupSeries('domain', empty, ['a.test'])).toEqual({ rows: [], totals: [] });
    });

    it('answers the given groups’ buckets, by bucket then group, and each bucket’s totals over every group', async () => {
      const series = await statistics.groupSeries('domain', days, ['c.test', 'a.test']);
      expect(domainsOf(series.rows)).toEqual([
        ['2026-01-05', 'a.test', 3],
        ['2026-01-05', 'c.test', 5],
        ['2026-01-06', 'a.test', 3],
        ['2026-01-06', 'c.test', 1],
      ]);
      expect(domainsOf(series.totals)).toEqual([
        ['2026-01-05', null, 9],
        ['2026-01-06', null, 8],
      ]);
    });

    it('answers every group’s buckets when no group is given', async () => {
      const series = await statistics.groupSeries('domain', days, null);
      expect(domainsOf(series.rows)).toEqual([
        ['2026-01-05', 'a.test', 3],
        ['2026-01-05', 'b.test', 1],
        ['2026-01-05', 'c.test', 5],
        ['2026-01-06', 'a.test', 3],
        ['2026-01-06', 'c.test', 1],
        ['2026-01-06', 'd.test', 4],
      ]);
      expect(domainsOf(series.totals)).toEqual([
        ['2026-01-05', null, 9],
        ['2026-01-06', null, 8],
      ]);
    });

    it('sums a week’s days into the week’s bucket', async () => {
      const weeks = statisticsRange({ from: MONDAY, to: at(48), interval: 'week' }, MONDAY);
      expect(domainsOf((await statistics.groupSeries('domain', weeks, ['a.test'])).rows)).toEqual([['2026-01-05', 'a.test', 6]]);
    });

    it('counts what is in no group as a group, null, ranked like the others', async () => {
      const ranking = await statistics.rankGroups('reason', days, 1);
      expect(ranking).toEqual({ groups: [''], groupsTotal: 2 });
      expect((await statistics.groupSeries('reason', days, ranking.groups)).rows.map((row) => row.group)).toEqual([null, null]);
    });
  });

  it('answers a campaign’s figures between two hours, or over all its time', async () => {
    await counted([message('sent', { at: at(0) }), message('sent', { at: at(5) }), message('hard', { at: at(5) })]);
    expect(await statistics.campaignFigures('spring', {})).toEqual({ ...NO_FIGURES, sent: 2, hard: 1 });
    expect(await statistics.campaignFigures('spring', { from: new Date('2026-01-05T15:00:00Z') })).toEqual({ ...NO_FIGURES, sent: 1, hard: 1 });
    expect(await statistics.campaignFigures('spring', { to: new Date('2026-01-05T15:00:00Z') })).toEqual({ ...NO_FIGURES, sent: 1 });
    expect(await statistics.campaignFigures('autumn', { from: MONDAY })).toEqual(NO_FIGURES);
  });

  it('counts the bounces stored before the migration as ingestion would have counted them', async () => {
    await db.sql(
      `insert into bounces (email, bounce_type, source, campaign_id, reason, category, created_at) values
        ('a@gmail.com', 'hard', 'ses', 'spring', 'user_unknown', 'recipient', ?),
        ('b@gmail.com', 'soft', 'sendgrid', 'spring', 'blocked', 'sender', ?),
        ('c@yahoo.com', 'soft', 'mailgun', null, 'mailbox_full', 'mailbox', ?),
        ('d@yahoo.com', 'complaint', 'api', 'spring', 'complaint', 'complaint', ?)`,
      [at(0), at(0), at(1), at(30)],
    );
    await db.sql(BACKFILL_DELIVERY_STATISTICS);
    const backfilled = await db.sql('select * from delivery_statistics order by dimension, group_key, granularity, bucket');

    await db.sql('truncate delivery_statistics');
    await counted([
      message('hard', { email: 'a@gmail.com', at: at(0), source: 'ses' }),
      message('soft', { email: 'b@gmail.com', at: at(0), source: 'sendgrid', reason: 'blocked', category: 'sender' }),
      message('soft', { email: 'c@yahoo.com', at: at(1), source: 'mailgun', campaignId: null, reason: 'mailbox_full', category: 'mailbox' }),
      message('complaint', { email: 'd@yahoo.com', at: at(30), source: 'api', reason: 'complaint', category: 'complaint' }),
    ]);
    expect(await db.sql('select * from delivery_statistics order by dimension, group_key, granularity, bucket')).toEqual(backfilled);
    expect((await statistics.campaignTotals(['spring'])).get('spring')).toEqual({ ...NO_FIGURES, hard: 1, senderBlocks: 1, complaint: 1 });
  });

  it('reads a dimension’s range of buckets on its index', async () => {
    await db.sql(`set enable_seqscan = off`);
    try {
      const [plan] = await db.sql<{ 'QUERY PLAN': string }>(
        `explain select * from delivery_statistics where dimension = 'campaign' and granularity = 'day' and bucket >= now() - interval '30 days' and bucket < now()`,
      );
      expect(plan['QUERY PLAN']).toMatch(/Index|Bitmap/);
    } finally {
      await db.sql(`reset enable_seqscan`);
    }
  });
});
