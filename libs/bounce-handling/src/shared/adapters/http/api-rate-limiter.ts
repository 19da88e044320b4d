import { HttpException, HttpStatus } from '@nestjs/common';
import type { RateLimitCounter } from '../../application/ports/rate-limit-counter.port';

/** How many API requests one caller may make per window; `limit: 0` turns the limit off. */
export interface RateLimitSettings {
  readonly limit: number;
  readonly windowMs: number;
}

export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Refused for now: answered 429 (`RATE_LIMITED`) with a `Retry-After` header. */
export class RateLimitedException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests: retry in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * The API's rate limit: `limit` requests per caller (an API key id, or an address for requests
 * without a valid key) in a fixed window, counted by the counter — in this process's memory,
 * or in Redis, shared by every instance.
 */
export class ApiRateLimiter {
  constructor(
    readonly settings: RateLimitSettings,
    private readonly counter: RateLimitCounter,
  ) {}

  get enabled(): boolean {
    return this.settings.limit > 0;
  }

  /** Counts one request of the caller and says whether it may be served. */
  async consume(caller: string): Promise<RateLimitDecision> {
    if (!this.enabled) return { allowed: true };
    const window = await this.counter.hit(caller, this.settings.windowMs);
    if (window.count <= this.settings.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(window.endsInMs / 1000)) };
  }
}
