/**
 * When a failed delivery is tried again: exponential backoff with full jitter (the wait before
 * attempt n+1 is uniform in [0, min(cap, base × 2^(n−1)))), so that the deliveries of an
 * endpoint that was down do not all come back at once; given up (`dead`) once `giveUpAfterMs`
 * have passed since the event. A pure function: the time and the random source come in.
 */
export interface DeliverySchedule {
  /** The upper bound of the wait after the first failed attempt; doubled after each further one. */
  readonly baseDelayMs: number;
  /** No wait is longer. */
  readonly maxDelayMs: number;
  /** Measured from the event: no attempt after it. */
  readonly giveUpAfterMs: number;
}

/** 5 s doubling, capped at an hour, for 24 hours. */
export const DEFAULT_DELIVERY_SCHEDULE: DeliverySchedule = { baseDelayMs: 5_000, maxDelayMs: 3_600_000, giveUpAfterMs: 24 * 3_600_000 };

export interface FailedDelivery {
  /** Attempts made so far, the failed one included (≥ 1). */
  readonly attempts: number;
  readonly eventAt: Date;
  readonly now: Date;
}

export type NextAttempt = { readonly kind: 'retry'; readonly at: Date } | { readonly kind: 'dead' };

/** A number in [0, 1), as `Math.random` gives. */
export type RandomSource = () => number;

export function nextAttempt(failed: FailedDelivery, schedule: DeliverySchedule, random: RandomSource): NextAttempt {
  const deadline = failed.eventAt.getTime() + schedule.giveUpAfterMs;
  const now = failed.now.getTime();
  if (now >= deadline) return { kind: 'dead' };
  const exponent = Math.max(0, failed.attempts - 1);
  // 2 ** 1100 is Infinity, which the cap bounds.
  const ceiling = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** exponent);
  const wait = Math.floor(random() * ceiling);
  return { kind: 'retry', at: new Date(Math.min(now + wait, deadline)) };
}
