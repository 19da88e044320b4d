import { FixedClock, InMemoryDeliveryStatisticsRepository } from '../../testing';
import { type CountedMessage, statisticsIncrements } from '../domain/counted-message';
import { DEFAULT_GROUP_LIMIT } from '../domain/statistics-range';
import { GetBounceStatistics } from './get-bounce-statistics.use-case';

const NOW = new Date('2026-01-10T12:00:00Z');

describe('GetBounceStatistics', () => {
  let repository: InMemoryDeliveryStatisticsRepository;
  let statistics: GetBounceStatistics;
  const count = async (messages: CountedMessage[]) => repository.add(statisticsIncrements(messages));
  const message = (outcome: CountedMessage['outcome'], email: string, reason: string | null = null): CountedMessage => ({
    at: NOW,
    outcome,
    email,
    campaignId: 'spring',
    reason,
    category: reason === null ? null : 'recipient',
    source: outcome === 'sent' ? null : 'ses',
  });

  beforeEach(() => {
    repository = new InMemoryDeliveryStatisticsRepository();
    statistics = new GetBounceStatistics(repository, new FixedClock(NOW));
  });

  it('answers the top limit groups by outcomes, and how many groups there were', async () => {
    await count([message('sent', 'a@one.test'), message('sent', 'b@two.test'), message('sent', 'c@two.test'), message('hard', 'd@three.test', 'user_unknown')]);
    const answer = await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 1 });
    expect(answer.buckets.map((bucket) => [bucket.group, bucket.figures.sent])).toEqual([['two.test', 2]]);
    expect([answer.limit, answer.groupsTotal]).toEqual([1, 3]);
  });

  it('limits to the default when no limit is given, and says none without a grouping', async () => {
    await count([message('sent', 'a@one.test')]);
    expect((await statistics.execute({ interval: 'day', groupBy: 'domain' })).limit).toBe(DEFAULT_GROUP_LIMIT);
    expect(await statistics.execute({ interval: 'day' })).toMatchObject({ limit: null, groupsTotal: null });
  });

  it('takes the rates of a reason over its whole bucket, groups left out included', async () => {
    await count([
      ...Array.from({ length: 100 }, (_, i) => message('sent', `s${i}@one.test`)),
      message('hard', 'a@one.test', 'user_unknown'),
      message('hard', 'b@one.test', 'user_unknown'),
      message('hard', 'c@one.test', 'mailbox_full'),
    ]);
    const answer = await statistics.execute({ interval: 'day', groupBy: 'reason', limit: 2 });
    expect(answer.buckets.map((bucket) => [bucket.group, bucket.bounceRate])).toEqual([
      [null, 0],
      ['user_unknown', 0.02],
    ]);
    expect(answer.groupsTotal).toBe(3);
  });
});
