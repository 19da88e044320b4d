import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

describe('Bounces API (e2e)', () => {
  let testApp: TestApp;
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const record = (body: object) => http().post('/api/v1/bounces').set(auth).send(body);

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('POST /api/v1/bounces', () => {
    it('records a bounce with source api and answers 201 with its id', async () => {
      const created = await record({ email: ' Invalid@Example.com ', bounce_type: 'hard', bounce_subtype: 'NoEmail', diagnostic_code: '550 5.1.1 unknown' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ success: true, data: { bounce_id: expect.any(Number) } });
      expect(await sql('select email, bounce_type, bounce_subtype, diagnostic_code, source from bounces where id = ?', [created.body.data.bounce_id])).toEqual([
        { email: 'invalid@example.com', bounce_type: 'hard', bounce_subtype: 'NoEmail', diagnostic_code: '550 5.1.1 unknown', source: 'api' },
      ]);
    });

    it('applies the policy to the subscriber in the same request', async () => {
      await sql("insert into subscribers (email, name) values ('john@example.com', 'John Doe')");
      await record({ email: 'john@example.com', bounce_type: 'soft' });
      await record({ email: 'john@example.com', bounce_type: 'soft' });
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'active', consecutive_soft_bounces: 2 }]);
      await record({ email: 'john@example.com', bounce_type: 'soft' });
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'bounced', consecutive_soft_bounces: 3 }]);
      await record({ email: 'john@example.com', bounce_type: 'complaint' });
      expect(await sql('select status from subscribers')).toEqual([{ status: 'unsubscribed' }]);
    });

    it('accepts a campaign id and links the bounce to the campaign', async () => {
      await sql("insert into campaigns (id, name) values ('jan-2026', 'January Newsletter')");
      await record({ email: 'a@example.com', bounce_type: 'hard', campaign_id: 'jan-2026' });
      const listed = await http().get('/api/v1/bounces').set(auth);
      expect(listed.body.data.bounces[0].campaign_name).toBe('January Newsletter');
    });

    it.each([
      ['a number', 42],
      ['numeric text', '42'],
      ['numeric text with blanks around', ' 42 '],
    ])('accepts a campaign id that is %s and stores it as "42", linked to campaign 42', async (_case, campaignId) => {
      await sql("insert into campaigns (id, name) values ('42', 'Campaign 42')");
      const created = await record({ email: 'a@example.com', bounce_type: 'hard', campaign_id: campaignId });
      expect(created.status).toBe(201);
      expect(await sql('select campaign_id from bounces where id = ?', [created.body.data.bounce_id])).toEqual([{ campaign_id: '42' }]);
      const listed = await http().get('/api/v1/bounces').set(auth);
      expect(listed.body.data.bounces[0].campaign_name).toBe('Campaign 42');
    });

    it.each([
      ['a missing email', { bounce_type: 'hard' }, 'email'],
      ['an invalid email', { email: 'not-an-address', bounce_type: 'hard' }, 'email'],
      ['an email that is not a string', { email: 42, bounce_type: 'hard' }, 'email'],
      ['a missing bounce type', { email: 'a@example.com' }, 'bounce_type'],
      ['an unknown bounce type', { email: 'a@example.com', bounce_type: 'bounced' }, 'bounce_type'],
      ['a subtype that is not a string', { email: 'a@example.com', bounce_type: 'hard', bounce_subtype: 5 }, 'bounce_subtype'],
      ['a subtype over 255 characters', { email: 'a@example.com', bounce_type: 'hard', bounce_subtype: 'x'.repeat(256) }, 'bounce_subtype'],
      ['an empty diagnostic code', { email: 'a@example.com', bounce_type: 'hard', diagnostic_code: '   ' }, 'diagnostic_code'],
      ['a diagnostic code over 4000 characters', { email: 'a@example.com', bounce_type: 'hard', diagnostic_code: 'x'.repeat(4001) }, 'diagnostic_code'],
      ['a malformed campaign id', { email: 'a@example.com', bounce_type: 'hard', campaign_id: 'has spaces' }, 'campaign_id'],
      ['a campaign id over 100 characters (refused, never cut)', { email: 'a@example.com', bounce_type: 'hard', campaign_id: 'c'.repeat(101) }, 'campaign_id'],
      ['a campaign id that is a boolean', { email: 'a@example.com', bounce_type: 'hard', campaign_id: true }, 'campaign_id'],
      ['a campaign id that is an object', { email: 'a@example.com', bounce_type: 'hard', campaign_id: { id: 42 } }, 'campaign_id'],
      ['a campaign id that is a negative number', { email: 'a@example.com', bounce_type: 'hard', campaign_id: -1 }, 'campaign_id'],
      ['a campaign id that is a fraction', { email: 'a@example.com', bounce_type: 'hard', campaign_id: 4.2 }, 'campaign_id'],
      ['an unknown field', { email: 'a@example.com', bounce_type: 'hard', source: 'ses' }, 'source'],
    ])('answers 400 naming the field for %s, storing nothing', async (_case, body, field) => {
      const response = await record(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining(field) } });
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await sql('select * from bounces')).toEqual([]);
    });

    it.each([
      ['email', 'is required', 'a bounce without an email', { bounce_type: 'hard' }],
      ['email', 'must be a string', 'an email that is a number', { email: 42, bounce_type: 'hard' }],
      ['bounce_type', 'is required', 'a bounce without a bounce type', { email: 'a@example.com' }],
      ['bounce_subtype', 'must be a string', 'a subtype that is a number', { email: 'a@example.com', bounce_type: 'hard', bounce_subtype: 5 }],
      [
        'campaign_id',
        'must be a string, or an integer from 0 to 9007199254740991',
        'a campaign id that is a boolean',
        { email: 'a@example.com', bounce_type: 'hard', campaign_id: false },
      ],
      [
        'campaign_id',
        'must be 1 to 100 letters, digits, ".", "_", ":" or "-"',
        'a campaign id over 100 characters',
        { email: 'a@example.com', bounce_type: 'hard', campaign_id: 'c'.repeat(101) },
      ],
    ])('answers "%s %s" for %s', async (field, message, _case, body) => {
      const response = await record(body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: `${field}: ${message}`, details: [{ field, message }] });
    });

    it('answers 400 for a body that is not valid JSON', async () => {
      const response = await http().post('/api/v1/bounces').set(auth).set('Content-Type', 'application/json').send('{"email": ');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    });

    it('answers 400 for a JSON body that is not an object', async () => {
      const response = await http().post('/api/v1/bounces').set(auth).set('Content-Type', 'application/json').send('[1,2]');
      expect(response.status).toBe(400);
      expect(response.body.success).toBe(false);
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await http().post('/api/v1/bounces').set(auth).type('form').send('email=a@example.com&bounce_type=hard');
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      expect(await sql('select * from bounces')).toEqual([]);
    });

    it('answers 413 for a body over the limit', async () => {
      const response = await record({ email: 'a@example.com', bounce_type: 'hard', diagnostic_code: 'x'.repeat(2 * 1024 * 1024) });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    });
  });

  describe('GET /api/v1/bounces', () => {
    const seed = async (count: number) => {
      for (let n = 0; n < count; n += 1) {
        await sql("insert into bounces (email, bounce_type, source, created_at) values (?, 'hard', 'api', ?)", [
          `user${n}@example.com`,
          new Date(Date.UTC(2026, 0, 1, 0, n)),
        ]);
      }
    };

    it('lists every field of the spec, with the names of the campaign and subscriber when known', async () => {
      await sql("insert into campaigns (id, name) values ('jan', 'January Newsletter')");
      await sql("insert into subscribers (email, name) values ('invalid@example.com', 'John Doe')");
      await sql(
        "insert into bounces (email, bounce_type, bounce_subtype, reason, category, status, source, campaign_id, subscriber_id, created_at) values ('invalid@example.com', 'hard', 'NoEmail', 'user_unknown', 'recipient', '5.1.1', 'ses', 'jan', 1, '2026-01-10T12:00:00.123Z')",
      );
      const response = await http().get('/api/v1/bounces').set(auth);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        data: {
          bounces: [
            {
              id: 1,
              email: 'invalid@example.com',
              bounce_type: 'hard',
              bounce_subtype: 'NoEmail',
              reason: 'user_unknown',
              category: 'recipient',
              status: '5.1.1',
              source: 'ses',
              campaign_name: 'January Newsletter',
              subscriber_name: 'John Doe',
              created_at: '2026-01-10T12:00:00Z',
            },
          ],
          total: 1,
          limit: 20,
          offset: 0,
          next_cursor: null,
        },
      });
    });

    it("shows why an API bounce bounced, read from its diagnostic, while its subscriber is handled by the caller's type", async () => {
      await sql("insert into subscribers (email, name) values ('john@example.com', 'John Doe')");
      const blocked = '550 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org';
      await record({ email: 'john@example.com', bounce_type: 'hard', diagnostic_code: blocked }).expect(201);
      const listed = await http().get('/api/v1/bounces').set(auth).expect(200);
      expect(listed.body.data.bounces).toEqual([
        expect.objectContaining({ email: 'john@example.com', bounce_type: 'hard', reason: 'blocked', category: 'sender', status: '5.7.1' }),
      ]);
      expect(await sql('select status from subscribers')).toEqual([{ status: 'bounced' }]);
      expect(await sql('select reason, category, status, remote_mta from bounces')).toEqual([
        { reason: 'blocked', category: 'sender', status: '5.7.1', remote_mta: null },
      ]);
    });

    it('shows a bounce whose cause nothing said as undetermined', async () => {
      await record({ email: 'a@example.com', bounce_type: 'soft' }).expect(201);
      const listed = await http().get('/api/v1/bounces').set(auth).expect(200);
      expect(listed.body.data.bounces[0]).toMatchObject({ bounce_type: 'soft', reason: 'undetermined', category: 'undetermined', status: null });
    });

    it('pages newest first with limit 20 by default and the exact total', async () => {
      await seed(25);
      const first = await http().get('/api/v1/bounces').set(auth);
      expect(first.body.data).toMatchObject({ total: 25, limit: 20, offset: 0 });
      expect(first.body.data.bounces).toHaveLength(20);
      expect(first.body.data.bounces[0].email).toBe('user24@example.com');
      const second = await http().get('/api/v1/bounces?limit=10&offset=20').set(auth);
      expect(second.body.data).toMatchObject({ total: 25, limit: 10, offset: 20 });
      expect(second.body.data.bounces.map((bounce: { email: string }) => bounce.email)).toEqual([
        'user4@example.com',
        'user3@example.com',
        'user2@example.com',
        'user1@example.com',
        'user0@example.com',
      ]);
    });

    it('accepts limit 100 and answers an offset past the end with an empty page', async () => {
      await seed(3);
      expect((await http().get('/api/v1/bounces?limit=100').set(auth)).body.data.bounces).toHaveLength(3);
      expect((await http().get('/api/v1/bounces?offset=50').set(auth)).body.data).toEqual({ bounces: [], total: 3, limit: 20, offset: 50, next_cursor: null });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=2.5', 'limit'],
      ['limit=', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=x', 'offset'],
      ['offset=99999999999999999999', 'offset'],
      ['offset=1;drop table bounces', 'offset'],
      ['sort=email', 'sort'],
    ])('answers 400 naming the parameter for %s', async (query, parameter) => {
      const response = await http().get(`/api/v1/bounces?${query}`).set(auth);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining(parameter) } });
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: parameter })]));
    });
  });

  describe('GET /api/v1/bounces, the message of a refused parameter', () => {
    it.each([
      ['offset', 'must not be less than 0', 'offset=-1'],
      ['offset', 'must not be greater than 9007199254740991', 'offset=99999999999999999999'],
      ['offset', 'must be an integer', 'offset=x'],
      ['limit', 'must not be less than 1', 'limit=0'],
      ['limit', 'must not be greater than 100', 'limit=101'],
      ['limit', 'must be an integer', 'limit=2.5'],
    ])('answers "%s %s" for %s', async (field, message, query) => {
      const response = await http().get(`/api/v1/bounces?${query}`).set(auth);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: `${field}: ${message}`, details: [{ field, message }] });
    });
  });

  describe('access', () => {
    it.each([
      ['GET', '/api/v1/bounces'],
      ['POST', '/api/v1/bounces'],
    ])('%s %s answers 401 without a key, with an unknown one and with a malformed header', async (method, path) => {
      const call = () => (method === 'GET' ? http().get(path) : http().post(path).send({ email: 'a@example.com', bounce_type: 'hard' }));
      for (const headers of [{}, { 'X-API-Key': 'mpk_unknown-key-000000000000000' }, { Authorization: 'Basic abc' }, { Authorization: 'Bearer' }]) {
        const response = await call().set(headers);
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      }
      expect(await sql('select * from bounces')).toEqual([]);
    });

    it('answers 403 to a key without the subscribers permission, and 2xx to one with it in X-API-Key', async () => {
      const { secret: campaignsOnly } = await testApp.app.get(ApiKeysFacade).create('campaigns only', ['campaigns']);
      const { secret: subscribers } = await testApp.app.get(ApiKeysFacade).create('subscribers', ['subscribers']);
      const denied = await http().get('/api/v1/bounces').set('X-API-Key', campaignsOnly);
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
      expect((await http().get('/api/v1/bounces').set('X-API-Key', subscribers)).status).toBe(200);
      expect((await http().post('/api/v1/bounces').set('X-API-Key', subscribers).send({ email: 'a@example.com', bounce_type: 'hard' })).status).toBe(201);
    });
  });
});
