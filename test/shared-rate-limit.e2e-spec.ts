import type { DestinationStream } from 'pino';
import request, { type Response } from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { startRedisServer, type TestRedisServer } from './support/redis-server';
import { createTestApp, type TestApp } from './support/test-app';

/*
 * Two instances of the service on one database, as behind a load balancer: with REDIS_URL they
 * count each caller's requests together in Redis; without it, each counts its own.
 */

jest.setTimeout(120_000);

const LIMIT = 5;

describe('API rate limit shared through REDIS_URL (e2e)', () => {
  let redis: TestRedisServer;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    // The second instance first: the first owns the database.
    for (const app of apps.splice(0).reverse()) await app.close();
    await redis.client().flushall();
  });
  afterAll(() => redis?.stop());

  /** Two instances on one database, with these variables. */
  async function twoInstances(env: Record<string, string>): Promise<[TestApp, TestApp]> {
    const first = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: String(LIMIT), ...env });
    apps.push(first);
    const second = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: String(LIMIT), ...env }, { database: first.database });
    apps.push(second);
    return [first, second];
  }

  const newKey = async (app: TestApp) => (await app.app.get(ApiKeysFacade).create('shared limit', ['subscribers'])).secret;
  const list = (app: TestApp, key?: string) => {
    const call = request(app.app.getHttpServer()).get('/api/v1/bounces');
    return key === undefined ? call : call.set('X-API-Key', key);
  };
  /** `count` requests, alternately to each instance, in turn; their statuses. */
  async function alternately(instances: readonly TestApp[], count: number, key?: string): Promise<number[]> {
    const statuses: number[] = [];
    for (let n = 0; n < count; n += 1) statuses.push((await list(instances[n % instances.length], key)).status);
    return statuses;
  }
  const expectRateLimited = (response: Response) => {
    expect(response.status).toBe(429);
    expect(response.body).toEqual({
      success: false,
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests/), request_id: response.headers['x-request-id'] },
    });
    const retryAfter = Number(response.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  };

  it(`with REDIS_URL, serves a key's ${LIMIT} requests split between two instances, and answers the next 429 RATE_LIMITED on either`, async () => {
    const [first, second] = await twoInstances({ REDIS_URL: redis.url() });
    const key = await newKey(first);

    expect(await alternately([first, second], LIMIT, key)).toEqual(Array(LIMIT).fill(200));
    expectRateLimited(await list(second, key));
    expectRateLimited(await list(first, key));
    expect((await redis.client().keys('mailpass:rate-limit:*')).length).toBeGreaterThan(0);
  });

  it('with REDIS_URL, limits requests without a valid key by address across both instances', async () => {
    const [first, second] = await twoInstances({ REDIS_URL: redis.url() });
    expect(await alternately([first, second], LIMIT + 1)).toEqual([...Array(LIMIT).fill(401), 429]);
  });

  it(`without REDIS_URL, each instance counts its own: ${2 * LIMIT} requests split between two are served, the next refused`, async () => {
    const [first, second] = await twoInstances({});
    const key = await newKey(first);

    expect(await alternately([first, second], 2 * LIMIT, key)).toEqual(Array(2 * LIMIT).fill(200));
    expectRateLimited(await list(first, key));
    expect(await redis.client().keys('*')).toEqual([]);
  });

  it('with REDIS_URL unreachable, starts, and limits each instance on its own, with a warning', async () => {
    const gone = await startRedisServer();
    await gone.stop();
    const lines: string[] = [];
    const logDestination: DestinationStream = { write: (line: string) => void lines.push(line) };
    const app = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: String(LIMIT), REDIS_URL: gone.url() }, { logDestination });
    apps.push(app);
    const key = await newKey(app);

    expect(await alternately([app], LIMIT, key)).toEqual(Array(LIMIT).fill(200));
    expectRateLimited(await list(app, key));
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => /Redis did not answer/.test(line.msg));
    expect(warnings).toEqual([
      expect.objectContaining({ level: 40, msg: expect.stringMatching(/: the API rate limit is counted in each process until it does$/) }),
    ]);
    const metrics = await request(app.app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(new RegExp(`^rate_limit_redis_failures_total ${LIMIT + 1}$`, 'm'));
  });

  it("closes each instance's Redis connection when the app closes", async () => {
    const [first, second] = await twoInstances({ REDIS_URL: redis.url() });
    await alternately([first, second], 2);
    const rateLimitConnections = async () =>
      ((await redis.client().client('LIST')) as string).split('\n').filter((line) => line.includes('name=mailpass-rate-limit')).length;
    expect(await rateLimitConnections()).toBe(2);
    for (const app of apps.splice(0).reverse()) await app.close();
    for (const deadline = Date.now() + 10_000; (await rateLimitConnections()) > 0; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() > deadline) throw new Error('a connection to Redis stayed open after the app closed');
    }
  });
});
