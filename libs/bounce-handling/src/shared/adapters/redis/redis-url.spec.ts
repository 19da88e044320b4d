import { InvalidRedisUrlError, parseRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it.each([
    ['redis://127.0.0.1', { host: '127.0.0.1', port: 6379, tls: false, db: 0 }],
    ['redis://cache.internal:6380/2', { host: 'cache.internal', port: 6380, tls: false, db: 2 }],
    ['rediss://default:s%40cret@cache.example.net/', { host: 'cache.example.net', port: 6379, tls: true, db: 0 }],
    ['redis://:password@[::1]:7000/15', { host: '[::1]', port: 7000, tls: false, db: 15 }],
  ])('reads %p', (url, expected) => {
    expect(parseRedisUrl(url, 'REDIS_URL')).toEqual(expected);
  });

  it.each([
    ['cache.internal:6379', 'REDIS_URL must start with redis:// or rediss://, got cache.internal://'],
    ['not a url', 'REDIS_URL must be a URL: redis://[user:password@]host[:port][/db] or rediss://…'],
    ['http://cache.internal', 'REDIS_URL must start with redis:// or rediss://, got http://'],
    ['redis://', 'REDIS_URL names no host'],
    ['redis://cache.internal/cache', 'REDIS_URL must end with a database number (/0, /1, …), got "/cache"'],
    ['redis://cache.internal/1/2', 'REDIS_URL must end with a database number (/0, /1, …), got "/1/2"'],
    ['redis://cache.internal?family=6', 'REDIS_URL must have no ?query or #fragment'],
    ['redis://user:%E0%A4%A@cache.internal', 'REDIS_URL has a user or password that is not valid percent-encoding'],
  ])('refuses %p: %s', (url, message) => {
    expect(() => parseRedisUrl(url, 'REDIS_URL')).toThrow(new InvalidRedisUrlError(message));
  });

  it('never repeats the password in its refusal', () => {
    expect(() => parseRedisUrl('redis://user:hunter2@cache.internal/x', 'REDIS_URL')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
