import { Logger, type LoggerService, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import { type RateLimitWindow, RateLimitCounter } from '../../application/ports/rate-limit-counter.port';
import { openRedisClient } from '../redis/redis-client';
import { InProcessRateLimitCounter } from './in-process-rate-limit-counter.adapter';

export interface RedisRateLimitCounterOptions {
  /** A URL that `parseRedisUrl` accepts. */
  readonly url: string;
  /** Put before every key (`mailpass:` → `mailpass:rate-limit:key:42`). */
  readonly keyPrefix: string;
  /** Where `rate_limit_redis_failures_total` is kept; null: nowhere. */
  readonly metricsRegistry: Registry | null;
}

/**
 * One request more in the caller's window, atomically: the count goes up by one, and a count
 * without an expiry (the window's first request, or a count that lost its expiry) gets the
 * window's length as one. Answers the count and the milliseconds the window has left.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

type HitCommand = { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * The counts in Redis, shared by every instance of the service that uses the same Redis and
 * prefix: one key per caller, `<prefix>rate-limit:<caller>`, expiring when its window ends.
 *
 * When Redis does not answer (down, unreachable, slower than the client's timeout), the request
 * is counted in this process instead — the limit holds per instance, as without Redis, rather
 * than refusing everyone or no one — with a warning when the outage starts, a line when Redis
 * answers again, and `rate_limit_redis_failures_total` counting the requests counted so. While
 * Redis is known to be down, requests do not wait for it: they are counted in process at once,
 * and the client connects again in the background.
 */
export class RedisRateLimitCounter extends RateLimitCounter implements OnApplicationShutdown {
  private readonly client: Redis & HitCommand;
  private readonly failures: Counter | null;
  /** Redis failed the last count: the next ones do not wait for it until it is connected again. */
  private down = false;
  private lastConnectionError: Error | null = null;

  /** A counter on a client of its own, named `mailpass-rate-limit` in Redis's `CLIENT LIST`. */
  static async open(
    options: RedisRateLimitCounterOptions,
    logger?: Pick<LoggerService, 'warn' | 'log'>,
    fallback?: RateLimitCounter,
  ): Promise<RedisRateLimitCounter> {
    return new RedisRateLimitCounter(options, await openRedisClient(options.url, 'mailpass-rate-limit'), logger, fallback);
  }

  constructor(
    private readonly options: RedisRateLimitCounterOptions,
    client: Redis,
    private readonly logger: Pick<LoggerService, 'warn' | 'log'> = new Logger(RedisRateLimitCounter.name),
    private readonly fallback: RateLimitCounter = new InProcessRateLimitCounter(),
  ) {
    super();
    client.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    // The client reports each failed connection: kept for the warning, never thrown.
    client.on('error', (error: Error) => (this.lastConnectionError = error));
    this.client = client as Redis & HitCommand;
    this.failures =
      options.metricsRegistry === null
        ? null
        : new Counter({
            name: 'rate_limit_redis_failures_total',
            help: 'API requests whose rate-limit count Redis did not answer, counted in this process instead',
            registers: [options.metricsRegistry],
          });
  }

  async hit(caller: string, windowMs: number): Promise<RateLimitWindow> {
    if (this.down && this.client.status !== 'ready') return this.countInProcess(caller, windowMs, null);
    try {
      const [count, ttl] = await this.client.rateLimitHit(`${this.options.keyPrefix}rate-limit:${caller}`, windowMs);
      this.lastConnectionError = null; // a later outage's warning names its own cause
      if (this.down) {
        this.down = false;
        this.logger.log('Redis answers again: the API rate limit is shared by every instance again');
      }
      return { count, endsInMs: Math.max(1, ttl) };
    } catch (error) {
      return this.countInProcess(caller, windowMs, error);
    }
  }

  /** Closes the connection (requests are over by now: nothing waits for an answer); closing twice is closing once. */
  async onApplicationShutdown(): Promise<void> {
    if (this.client.status === 'end') return;
    const ended = new Promise((resolve) => this.client.once('end', resolve));
    this.client.disconnect();
    await ended;
  }

  private countInProcess(caller: string, windowMs: number, error: unknown): Promise<RateLimitWindow> {
    if (!this.down) {
      this.down = true;
      const cause = this.lastConnectionError?.message ?? (error instanceof Error ? error.message : String(error));
      this.logger.warn(`Redis did not answer (${cause}): the API rate limit is counted in each process until it does`);
    }
    this.failures?.inc();
    return this.fallback.hit(caller, windowMs);
  }
}
