import { Registry } from 'prom-client';
import { startRedisServer, type TestRedisServer } from '../../../../../../test/support/redis-server';
import { RedisRateLimitCounter } from './redis-rate-limit-counter.adapter';

jest.setTimeout(60_000);

describe('RedisRateLimitCounter (real Redis)', () => {
  let redis: TestRedisServer;
  const counters: RedisRateLimitCounter[] = [];
  const logged: string[] = [];
  const logger = { warn: (message: string) => void logged.push(`warn: ${message}`), log: (message: string) => void logged.push(`log: ${message}`) };
  const aCounter = async (options: { url?: string; keyPrefix?: string; metricsRegistry?: Registry } = {}) => {
    const counter = await RedisRateLimitCounter.open(
      { url: options.url ?? redis.url(), keyPrefix: options.keyPrefix ?? 'test:', metricsRegistry: options.metricsRegistry ?? null },
      logger,
    );
    counters.push(counter);
    return counter;
  };
  const connectionNames = async () =>
    ((await redis.client().client('LIST')) as string)
      .split('\n')
      .map((line) => /name=(\S*)/.exec(line)?.[1])
      .filter((name) => name !== undefined && name !== '');

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(counters.splice(0).map((counter) => counter.onApplicationShutdown()));
    await redis.client().flushall();
    logged.length = 0;
  });
  afterAll(() => redis?.stop());

  it("counts a caller's requests in one window, under the key prefix, and says how long the window lasts", async () => {
    const counter = await aCounter({ keyPrefix: 'mailpass:' });
    const windows = [];
    for (let n = 0; n < 3; n += 1) windows.push(await counter.hit('key:1', 60_000));
    expect(windows.map((window) => window.count)).toEqual([1, 2, 3]);
    for (const window of windows) expect(window.endsInMs >= 1 && window.endsInMs <= 60_000).toBe(true);
    expect(await redis.client().keys('*')).toEqual(['mailpass:rate-limit:key:1']);
    expect(await redis.client().get('mailpass:rate-limit:key:1')).toBe('3');
  });

  it('counts each caller apart, and counters of different prefixes apart', async () => {
    const first = await aCounter({ keyPrefix: 'one:' });
    const second = await aCounter({ keyPrefix: 'two:' });
    await first.hit('key:1', 60_000);
    expect(await first.hit('key:1', 60_000)).toMatchObject({ count: 2 });
    expect(await first.hit('key:2', 60_000)).toMatchObject({ count: 1 });
    expect(await second.hit('key:1', 60_000)).toMatchObject({ count: 1 });
    expect((await redis.client().keys('*')).sort()).toEqual(['one:rate-limit:key:1', 'one:rate-limit:key:2', 'two:rate-limit:key:1']);
  });

  it('starts a caller afresh once its window has ended (Redis expires the count)', async () => {
    const counter = await aCounter();
    await counter.hit('key:1', 1_000);
    expect(await counter.hit('key:1', 1_000)).toMatchObject({ count: 2 });
    for (const deadline = Date.now() + 10_000; (await redis.client().exists('test:rate-limit:key:1')) === 1;) {
      if (Date.now() > deadline) throw new Error('the window never ended');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await counter.hit('key:1', 1_000)).toMatchObject({ count: 1 });
  });

  it('keeps the window that the first request opened: later requests do not extend it', async () => {
    const counter = await aCounter();
    await counter.hit('key:1', 60_000);
    // As if 58.5 s had passed since the first request.
    await redis.client().pexpire('test:rate-limit:key:1', 1_500);
    const window = await counter.hit('key:1', 60_000);
    expect(window.count).toBe(2);
    expect(window.endsInMs <= 1_500).toBe(true);
  });

  it('gives a count that lost its expiry (restored by hand, say) a window again, rather than counting it forever', async () => {
    await redis.client().set('test:rate-limit:key:1', '5');
    const window = await (await aCounter()).hit('key:1', 60_000);
    expect(window.count).toBe(6);
    expect(await redis.client().pttl('test:rate-limit:key:1')).toBeGreaterThan(0);
  });

  it('counts concurrent requests through two instances exactly once each (atomic)', async () => {
    const [first, second] = [await aCounter(), await aCounter()];
    const windows = await Promise.all(Array.from({ length: 200 }, (_, n) => (n % 2 === 0 ? first : second).hit('key:1', 60_000)));
    expect(windows.map((window) => window.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, n) => n + 1));
    expect(await redis.client().get('test:rate-limit:key:1')).toBe('200');
    expect(await redis.client().pttl('test:rate-limit:key:1')).toBeGreaterThan(0);
  });

  it('connects on its first count, not before, and closes its connection at shutdown', async () => {
    const counter = await aCounter();
    expect(await connectionNames()).not.toContain('mailpass-rate-limit');
    await counter.hit('key:1', 60_000);
    expect(await connectionNames()).toContain('mailpass-rate-limit');
    await counter.onApplicationShutdown();
    for (const deadline = Date.now() + 10_000; (await connectionNames()).includes('mailpass-rate-limit');) {
      if (Date.now() > deadline) throw new Error('the connection stayed open');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('counts in process while Redis does not answer, with one warning and a metric, and in Redis again once it answers', async () => {
    const outage = await startRedisServer();
    const port = outage.port;
    await outage.stop();
    const metricsRegistry = new Registry();
    const counter = await aCounter({ url: `redis://127.0.0.1:${port}/0`, metricsRegistry });

    const counts = [];
    for (let n = 0; n < 3; n += 1) counts.push((await counter.hit('key:1', 60_000)).count);
    expect(counts).toEqual([1, 2, 3]); // this process's own count
    expect(logged).toEqual([expect.stringMatching(/^warn: Redis did not answer .*: the API rate limit is counted in each process until it does$/)]);
    expect((await metricsRegistry.getSingleMetric('rate_limit_redis_failures_total')!.get()).values[0].value).toBe(3);

    const back = await startRedisServer({ port });
    try {
      for (const deadline = Date.now() + 20_000; !logged.some((line) => line.startsWith('log: ')); await new Promise((resolve) => setTimeout(resolve, 50))) {
        if (Date.now() > deadline) throw new Error('the counter never came back to Redis');
        await counter.hit('address:192.0.2.1', 60_000);
      }
      expect(logged[1]).toBe('log: Redis answers again: the API rate limit is shared by every instance again');
      expect(await counter.hit('key:1', 60_000)).toMatchObject({ count: 1 }); // Redis's count, which the outage did not reach
      expect(await back.client().get('test:rate-limit:key:1')).toBe('1');
    } finally {
      await counter.onApplicationShutdown();
      await back.stop();
    }
  });
});
