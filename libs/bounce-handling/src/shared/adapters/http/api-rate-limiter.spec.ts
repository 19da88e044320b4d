import { ApiRateLimiter } from './api-rate-limiter';

describe('ApiRateLimiter', () => {
  const clock = () => {
    const state = { now: 1_000_000 };
    return { state, now: () => state.now };
  };

  it('serves `limit` requests of a caller per window, then refuses until the window ends', () => {
    const { state, now } = clock();
    const limiter = new ApiRateLimiter({ limit: 3, windowMs: 60_000 }, now);
    expect([1, 2, 3].map(() => limiter.consume('key:1'))).toEqual(Array(3).fill({ allowed: true }));
    state.now += 20_500;
    expect(limiter.consume('key:1')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    state.now += 39_499;
    expect(limiter.consume('key:1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    state.now += 1;
    expect(limiter.consume('key:1')).toEqual({ allowed: true });
  });

  it('counts each caller apart', () => {
    const limiter = new ApiRateLimiter({ limit: 1, windowMs: 60_000 }, clock().now);
    expect(limiter.consume('key:1')).toEqual({ allowed: true });
    expect(limiter.consume('key:1')).toMatchObject({ allowed: false });
    expect(limiter.consume('key:2')).toEqual({ allowed: true });
    expect(limiter.consume('ip:127.0.0.1')).toEqual({ allowed: true });
  });

  it('never refuses when the limit is 0 (off), and tracks nobody', () => {
    const limiter = new ApiRateLimiter({ limit: 0, windowMs: 60_000 }, clock().now);
    for (let n = 0; n < 1_000; n += 1) expect(limiter.consume('key:1')).toEqual({ allowed: true });
    expect(limiter.enabled).toBe(false);
    expect(limiter.trackedCallers).toBe(0);
  });

  it('tracks at most maxCallers, dropping ended windows first, then the oldest', () => {
    const { state, now } = clock();
    const limiter = new ApiRateLimiter({ limit: 1, windowMs: 60_000 }, now, 3);
    limiter.consume('a');
    state.now += 1_000;
    limiter.consume('b');
    limiter.consume('b'); // b is over its limit
    state.now += 1_000;
    limiter.consume('c');
    expect(limiter.trackedCallers).toBe(3);
    limiter.consume('d'); // full: the oldest window (a) goes
    expect(limiter.trackedCallers).toBe(3);
    expect(limiter.consume('b')).toMatchObject({ allowed: false }); // b kept its count
    state.now += 60_000; // every window ended: all make room at once
    limiter.consume('e');
    expect(limiter.trackedCallers).toBe(1);
  });

  it('stays within its bound under 100 000 distinct callers', () => {
    const limiter = new ApiRateLimiter({ limit: 5, windowMs: 60_000 }, clock().now, 1_000);
    for (let n = 0; n < 100_000; n += 1) limiter.consume(`ip:10.0.${n}`);
    expect(limiter.trackedCallers).toBe(1_000);
  });
});
