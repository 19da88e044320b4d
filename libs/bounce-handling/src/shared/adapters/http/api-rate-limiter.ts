import { HttpException, HttpStatus } from '@nestjs/common';

/** How many API requests one caller may make per window; `limit: 0` turns the limit off. */
export interface RateLimitSettings {
  readonly limit: number;
  readonly windowMs: number;
}

export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Callers tracked at once: about 100 bytes each, so about a megabyte at most. */
export const MAX_TRACKED_CALLERS = 10_000;

/** Refused for now: answered 429 (`RATE_LIMITED`) with a `Retry-After` header. */
export class RateLimitedException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests: retry in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * A fixed-window counter per caller (an API key id, or an address for requests without a
 * valid key), in memory, so per process. Memory is bounded: past `maxCallers`, windows that
 * ended are dropped, then the oldest window (whose caller starts afresh).
 */
export class ApiRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
    private readonly maxCallers = MAX_TRACKED_CALLERS,
  ) {}

  get enabled(): boolean {
    return this.settings.limit > 0;
  }

  /** Counts one request of the caller and says whether it may be served. */
  consume(caller: string): RateLimitDecision {
    if (!this.enabled) return { allowed: true };
    const now = this.now();
    let window = this.windows.get(caller);
    if (window === undefined || now - window.startedAt >= this.settings.windowMs) {
      this.windows.delete(caller); // re-inserted last: the map stays ordered by window start
      window = { startedAt: now, count: 0 };
      this.makeRoom(now);
      this.windows.set(caller, window);
    }
    window.count += 1;
    if (window.count <= this.settings.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + this.settings.windowMs - now) / 1000)) };
  }

  /** Callers tracked now (for tests of the bound). */
  get trackedCallers(): number {
    return this.windows.size;
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxCallers) return;
    for (const [caller, window] of this.windows) {
      if (now - window.startedAt < this.settings.windowMs) break; // ordered by start: the rest are newer
      this.windows.delete(caller);
    }
    if (this.windows.size >= this.maxCallers) this.windows.delete(this.windows.keys().next().value as string);
  }
}
