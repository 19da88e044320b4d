import { FixedClock, InMemoryDeliveryStatisticsRepository } from '../../testing';
import { type CountedMessage, statisticsIncrements } from '../domain/counted-message';
import { DEFAULT_GROUP_LIMIT } from '../domain/statistics-range';
import { GetBounceStatistics } from './get-bounce-statistics.use-case';
import { GroupRankings, MAX_REMEMBERED_RANKINGS, RANKING_REUSE_MS } from './group-rankings';

const NOW = new Date('2026-01-10T12:00:00Z');

describe('GetBounceStatistics', () => {
  let repository: InMemoryDeliveryStatisticsRepository;
  let statistics: GetBounceStatistics;
  let clock: FixedClock;
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
    clock = new FixedClock(NOW);
    statistics = new GetBounceStatistics(repository, new GroupRankings(repository, clock), clock);
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

  describe('the choice of the top groups', () => {
    const later = (ms: number) => (clock.current = new Date(NOW.getTime() + ms));
    const groupsOf = (answer: { buckets: readonly { group: string | null; figures: { sent: number } }[] }) =>
      answer.buckets.map((bucket) => [bucket.group, bucket.figures.sent]);

    it('is reused for the same range and limit within a minute, while the figures answered are always current', async () => {
      await count([message('sent', 'a@one.test'), message('sent', 'b@one.test'), message('sent', 'c@two.test')]);
      expect(groupsOf(await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 1 }))).toEqual([['one.test', 2]]);
      await count([message('sent', 'd@two.test'), message('sent', 'e@two.test'), message('sent', 'f@one.test')]);
      later(RANKING_REUSE_MS - 1);
      expect(groupsOf(await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 1 }))).toEqual([['one.test', 3]]);
      expect(repository.rankings).toBe(1);
    });

    it('is ranked again once a minute has passed', async () => {
      await count([message('sent', 'a@one.test'), message('sent', 'b@one.test')]);
      await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 1 });
      await count([message('sent', 'c@two.test'), message('sent', 'd@two.test'), message('sent', 'e@two.test')]);
      later(RANKING_REUSE_MS);
      const answer = await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 1 });
      expect(groupsOf(answer)).toEqual([['two.test', 3]]);
      expect(answer.groupsTotal).toBe(2);
      expect(repository.rankings).toBe(2);
    });

    it('leaves no group out when none was left out at the last ranking: a group counted since is answered at once', async () => {
      await count([message('sent', 'a@one.test')]);
      expect(groupsOf(await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 2 }))).toEqual([['one.test', 1]]);
      await count([message('sent', 'b@two.test'), message('sent', 'c@two.test')]);
      const answer = await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 2 });
      expect(groupsOf(answer)).toEqual([
        ['one.test', 1],
        ['two.test', 2],
      ]);
      expect(answer.groupsTotal).toBe(2);
      expect(repository.rankings).toBe(1);
    });

    it('cuts to the limit, and counts the groups exactly, when more groups came since a ranking that left none out', async () => {
      await count([message('sent', 'a@one.test')]);
      await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 2 });
      await count([message('sent', 'b@two.test'), message('sent', 'c@two.test'), message('sent', 'd@three.test'), message('sent', 'e@three.test')]);
      const answer = await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 2 });
      expect(groupsOf(answer)).toEqual([
        ['three.test', 2],
        ['two.test', 2],
      ]);
      expect(answer.groupsTotal).toBe(3);
    });

    it('is ranked apart for another dimension, range or limit', async () => {
      await count([message('sent', 'a@one.test')]);
      await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 1 });
      await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 2 });
      await statistics.execute({ interval: 'day', groupBy: 'campaign', limit: 1 });
      await statistics.execute({ interval: 'hour', groupBy: 'domain', limit: 1 });
      await statistics.execute({ interval: 'day', groupBy: 'domain', limit: 1, from: new Date('2026-01-01T00:00:00Z') });
      expect(repository.rankings).toBe(5);
    });

    it('is shared by the requests that ask while it is being ranked', async () => {
      await count([message('sent', 'a@one.test')]);
      const answers = await Promise.all([1, 2, 3].map(() => statistics.execute({ interval: 'day', groupBy: 'domain' })));
      expect(answers.map(groupsOf)).toEqual([[['one.test', 1]], [['one.test', 1]], [['one.test', 1]]]);
      expect(repository.rankings).toBe(1);
    });

    it('is forgotten when ranking failed, so that the next request ranks again', async () => {
      await count([message('sent', 'a@one.test')]);
      const rankGroups = repository.rankGroups.bind(repository);
      jest.spyOn(repository, 'rankGroups').mockRejectedValueOnce(new Error('connection lost'));
      await expect(statistics.execute({ interval: 'day', groupBy: 'domain' })).rejects.toThrow('connection lost');
      jest.spyOn(repository, 'rankGroups').mockImplementation(rankGroups);
      expect(groupsOf(await statistics.execute({ interval: 'day', groupBy: 'domain' }))).toEqual([['one.test', 1]]);
    });

    it('remembers a bounded number of rankings, forgetting the oldest first', async () => {
      await count([message('sent', 'a@one.test')]);
      const ask = (days: number) => statistics.execute({ interval: 'day', groupBy: 'domain', from: new Date(NOW.getTime() - days * 86_400_000) });
      for (let days = 1; days <= MAX_REMEMBERED_RANKINGS + 1; days += 1) await ask(days);
      expect(repository.rankings).toBe(MAX_REMEMBERED_RANKINGS + 1);
      await ask(MAX_REMEMBERED_RANKINGS + 1);
      expect(repository.rankings).toBe(MAX_REMEMBERED_RANKINGS + 1);
      await ask(1);
      expect(repository.rankings).toBe(MAX_REMEMBERED_RANKINGS + 2);
    });
  });
});
