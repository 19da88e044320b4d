let mockIoredisLoaded = false;
jest.mock('ioredis', () => {
  mockIoredisLoaded = true;
  return jest.requireActual('ioredis');
});

import { SharedModule } from '../../shared.module';
import { RedisRateLimitCounter } from '../rate-limit/redis-rate-limit-counter.adapter';
import { openRedisClient } from './redis-client';

describe('openRedisClient', () => {
  it('leaves ioredis unloaded until a client is opened: a service without Redis never loads it', () => {
    expect([SharedModule, RedisRateLimitCounter, openRedisClient].every((loaded) => typeof loaded === 'function')).toBe(true);
    expect(mockIoredisLoaded).toBe(false);
  });

  it('loads ioredis for the first client, which connects on its first command, not before', async () => {
    const client = await openRedisClient('redis://127.0.0.1:1', 'mailpass-test');
    expect(mockIoredisLoaded).toBe(true);
    expect(client.status).toBe('wait');
    client.disconnect();
  });
});
