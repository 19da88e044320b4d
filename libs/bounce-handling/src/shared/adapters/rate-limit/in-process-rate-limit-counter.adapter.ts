import { type RateLimitWindow, RateLimitCounter } from '../../application/ports/rate-limit-counter.port';

/** Callers tracked at once: about 100 bytes each, so about a megabyte at most. */
export const MAX_TRACKED_CALLERS = 10_000;

/**
 * The counts in this process's memory: each instance of the service counts on its own. Memory
 * is bounded: past `maxCallers`, windows that ended are dropped, then the oldest window (whose
 * caller starts afresh).
 */
export class InProcessRateLimitCounter extends RateLimitCounter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxCallers = MAX_TRACKED_CALLERS,
  ) {
    super();
  }

  hit(caller: string, windowMs: number): Promise<RateLimitWindow> {
    return Promise.resolve(this.count(caller, windowMs));
  }

  /** Callers tracked now (for tests of the bound). */
  get trackedCallers(): number {
    return this.windows.size;
  }

  private count(caller: string, windowMs: number): RateLimitWindow {
    const now = this.now();
    let window = this.windows.get(caller);
    if (window === undefined || now - window.startedAt >= windowMs) {
      this.windows.delete(caller); // re-inserted last: the map stays ordered by window start
      window = { startedAt: now, count: 0 };
      this.makeRoom(now, windowMs);
      this.windows.set(caller, window);
    }
    window.count += 1;
    return { count: window.count, endsInMs: window.startedAt + windowMs - now };
  }

  private makeRoom(now: number, windowMs: number): void {
    if (this.windows.size < this.maxCallers) return;
    for (const [caller, window] of this.windows) {
      if (now - window.startedAt < windowMs) break; // ordered by start: the rest are newer
      this.windows.delete(caller);
    }
    if (this.windows.size >= this.maxCallers) this.windows.delete(this.windows.keys().next().value as string);
  }
}
