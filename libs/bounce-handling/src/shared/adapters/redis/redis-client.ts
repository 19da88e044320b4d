import type Redis from 'ioredis';

/** How long one command may take before it counts as unanswered. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** How long opening a connection may take. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;

/**
 * A client of the Redis at `url` (checked by `parseRedisUrl`) that connects on its first command,
 * not before, and never makes a request wait long for it: a command is answered or refused within
 * `REDIS_COMMAND_TIMEOUT_MS`, is never retried (the caller decides what to do instead), and a lost
 * connection is opened again in the background, every 2 s at most. `connectionName` names the
 * connection in Redis's `CLIENT LIST`.
 */
export async function openRedisClient(url: string, connectionName: string): Promise<Redis> {
  // Loaded at the first client: a service without Redis never loads ioredis.
  const { Redis: RedisClient } = await import('ioredis');
  return new RedisClient(url, {
    lazyConnect: true,
    connectionName,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
}
