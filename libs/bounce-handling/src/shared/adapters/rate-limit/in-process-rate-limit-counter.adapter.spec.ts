import { InProcessRateLimitCounter } from './in-process-rate-limit-counter.adapter';

describe('InProcessRateLimitCounter', () => {
  const clock = () => {
    const state = { now: 1_000_000 };
    return { state, now: () => state.now };
  };

  it("counts a caller's requests in a window that opens with its first request, then starts afresh when it ends", async () => {
    const { state, now } = clock();
    const counter = new InProcessRateLimitCounter(now);
    expect(await counter.hit('key:1', 60_000)).toEqual({ count: 1, endsInMs: 60_000 });
    state.now += 20_500;
    expect(await counter.hit('key:1', 60_000)).toEqual({ count: 2, endsInMs: 39_500 });
    state.now += 39_499;
    expect(await counter.hit('key:1', 60_000)).toEqual({ count: 3, endsInMs: 1 });
    state.now += 1;
    expect(await counter.hit('key:1', 60_000)).toEqual({ count: 1, endsInMs: 60_000 });
  });

  it('counts each caller apart', async () => {
    const counter = new InProcessRateLimitCounter(clock().now);
    await counter.hit('key:1', 60_000);
    expect(await counter.hit('key:1', 60_000)).toMatchObject({ count: 2 });
    expect(await counter.hit('key:2', 60_000)).toMatchObject({ count: 1 });
    expect(await counter.hit('address:127.0.0.1', 60_000)).toMatchObject({ count: 1 });
  });

  it('tracks at most maxCallers, dropping ended windows first, then the oldest', async () => {
    const { state, now } = clock();
    const counter = new InProcessRateLimitCounter(now, 3);
    await counter.hit('a', 60_000);
    state.now += 1_000;
    await counter.hit('b', 60_000);
    await counter.hit('b', 60_000);
    state.now += 1_000;
    await counter.hit('c', 60_000);
    expect(counter.trackedCallers).toBe(3);
    await counter.hit('d', 60_000); // full: the oldest window (a) goes
    expect(counter.trackedCallers).toBe(3);
    expect(await counter.hit('b', 60_000)).toMatchObject({ count: 3 }); // b kept its count
    expect(await counter.hit('a', 60_000)).toMatchObject({ count: 1 }); // a starts afresh (and b, now the oldest window, goes)
    state.now += 60_000; // every window ended: all make room at once
    await counter.hit('e', 60_000);
    expect(counter.trackedCallers).toBe(1);
  });

  it('stays within its bound under 100 000 distinct callers', async () => {
    const counter = new InProcessRateLimitCounter(clock().now, 1_000);
    for (let n = 0; n < 100_000; n += 1) await counter.hit(`address:10.0.${n}`, 60_000);
    expect(counter.trackedCallers).toBe(1_000);
  });
});
