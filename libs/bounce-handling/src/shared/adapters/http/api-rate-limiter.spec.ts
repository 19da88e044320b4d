import { InProcessRateLimitCounter } from '../rate-limit/in-process-rate-limit-counter.adapter';
import { ApiRateLimiter } from './api-rate-limiter';

describe('ApiRateLimiter', () => {
  const clock = () => {
    const state = { now: 1_000_000 };
    return { state, now: () => state.now };
  };

  it('serves `limit` requests of a caller per window, then refuses until the window ends', async () => {
    const { state, now } = clock();
    const limiter = new ApiRateLimiter({ limit: 3, windowMs: 60_000 }, new InProcessRateLimitCounter(now));
    for (let n = 0; n < 3; n += 1) expect(await limiter.consume('key:1')).toEqual({ allowed: true });
    state.now += 20_500;
    expect(await limiter.consume('key:1')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    state.now += 39_499;
    expect(await limiter.consume('key:1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    state.now += 1;
    expect(await limiter.consume('key:1')).toEqual({ allowed: true });
  });

  it('counts each caller apart', async () => {
    const limiter = new ApiRateLimiter({ limit: 1, windowMs: 60_000 }, new InProcessRateLimitCounter(clock().now));
    expect(await limiter.consume('key:1')).toEqual({ allowed: true });
    expect(await limiter.consume('key:1')).toMatchObject({ allowed: false });
    expect(await limiter.consume('key:2')).toEqual({ allowed: true });
    expect(await limiter.consume('address:127.0.0.1')).toEqual({ allowed: true });
  });

  it('never refuses when the limit is 0 (off), and counts nothing', async () => {
    const counter = new InProcessRateLimitCounter(clock().now);
    const limiter = new ApiRateLimiter({ limit: 0, windowMs: 60_000 }, counter);
    for (let n = 0; n < 1_000; n += 1) expect(await limiter.consume('key:1')).toEqual({ allowed: true });
    expect(limiter.enabled).toBe(false);
    expect(counter.trackedCallers).toBe(0);
  });
});
