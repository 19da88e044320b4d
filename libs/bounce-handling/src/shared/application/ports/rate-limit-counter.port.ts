/** A caller's fixed window after one more request: how many it holds, and when it ends. */
export interface RateLimitWindow {
  /** Requests counted in the window, this one included. */
  readonly count: number;
  /** Milliseconds until the window ends and the caller starts afresh (at least 1). */
  readonly endsInMs: number;
}

/**
 * Counts each caller's requests in fixed windows: a window opens with a caller's first request
 * and lasts `windowMs`; the first request after it opens the next. Where the counts live decides
 * whether several instances of the service share them.
 */
export abstract class RateLimitCounter {
  /** Counts one request of `caller` and gives its window as it is now. */
  abstract hit(caller: string, windowMs: number): Promise<RateLimitWindow>;
}
