import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

describe('API keys (e2e)', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('lets the bootstrap key in with every permission', async () => {
    expect((await http().get('/api/v1/bounces').set('X-API-Key', TEST_API_KEY)).status).toBe(200);
    expect(await testApp.sql("select name, permissions from api_keys where name = 'bootstrap'")).toEqual([
      { name: 'bootstrap', permissions: ['subscribers', 'campaigns', 'inbound', 'webhooks'] },
    ]);
  });

  it('stores the bootstrap key hashed, never as given', async () => {
    const rows = await testApp.sql('select * from api_keys');
    expect(JSON.stringify(rows)).not.toContain(TEST_API_KEY);
  });

  it('accepts a created key as a bearer token and in X-API-Key, then refuses it once revoked', async () => {
    const { secret, apiKey } = await testApp.app.get(ApiKeysFacade).create('script', ['subscribers']);
    expect((await http().get('/api/v1/bounces').set('Authorization', `Bearer ${secret}`)).status).toBe(200);
    expect((await http().get('/api/v1/bounces').set('X-API-Key', secret)).status).toBe(200);
    await testApp.app.get(ApiKeysFacade).revoke(apiKey.id);
    const refused = await http().get('/api/v1/bounces').set('X-API-Key', secret);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({
      success: false,
      error: { code: 'UNAUTHORIZED', message: 'The API key is not valid', request_id: refused.headers['x-request-id'] },
    });
  });

  it('tells a caller without a key how to send one', async () => {
    const response = await http().get('/api/v1/bounces');
    expect(response.status).toBe(401);
    expect(response.body.error.message).toContain('X-API-Key');
  });

  it('records when a key was last used', async () => {
    const { secret, apiKey } = await testApp.app.get(ApiKeysFacade).create('used', ['subscribers']);
    await http().get('/api/v1/bounces').set('X-API-Key', secret);
    const [row] = await testApp.sql<{ last_used_at: string | null }>('select last_used_at from api_keys where id = ?', [apiKey.id]);
    expect(row.last_used_at).not.toBeNull();
  });
});

describe('rotating BOOTSTRAP_API_KEY (e2e)', () => {
  /** Starts the service on the database with this bootstrap key, and answers how it treats each key. */
  async function statusesAfterStartWith(
    database: Awaited<ReturnType<typeof createTestDatabase>>,
    bootstrapKey: string,
    keys: readonly string[],
  ): Promise<number[]> {
    const testApp = await createTestApp({ BOOTSTRAP_API_KEY: bootstrapKey }, { database });
    try {
      const statuses: number[] = [];
      for (const key of keys) statuses.push((await request(testApp.app.getHttpServer()).get('/api/v1/bounces').set('X-API-Key', key)).status);
      return statuses;
    } finally {
      await testApp.close();
    }
  }

  it('retires the key of the previous value when the service starts again with a new one, and keeps keys made with the CLI', async () => {
    const database = await createTestDatabase();
    const first = 'first-bootstrap-key-0123456789abcdef';
    const second = 'second-bootstrap-key-0123456789abcdef';
    try {
      const testApp = await createTestApp({ BOOTSTRAP_API_KEY: first }, { database });
      const { secret: cliKey } = await testApp.app.get(ApiKeysFacade).create('billing script', ['subscribers']);
      await testApp.close();

      expect(await statusesAfterStartWith(database, second, [second, first, cliKey])).toEqual([200, 401, 200]);
      // Back to the first value: the second is retired in its turn.
      expect(await statusesAfterStartWith(database, first, [first, second, cliKey])).toEqual([200, 401, 200]);
    } finally {
      await database.drop();
    }
  });
});
