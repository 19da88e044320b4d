import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('Subscribers API (e2e)', () => {
  let testApp: TestApp;
  let campaignsOnly: Record<string, string>;
  const auth: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const create = (body: object, headers = auth) => http().post('/api/v1/subscribers').set(headers).send(body);
  const bounce = (body: object) => http().post('/api/v1/bounces').set(auth).send(body).expect(201);
  const subscriberId = async (email: string, name: string | null = null): Promise<number> =>
    (await create(name === null ? { email } : { email, name }).expect(201)).body.data.id;

  const expectValidationError = (response: request.Response, field: string) => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining(field) } });
    expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    const { secret } = await testApp.app.get(ApiKeysFacade).create('campaign tool', ['campaigns']);
    campaignsOnly = { Authorization: `Bearer ${secret}` };
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('POST /api/v1/subscribers', () => {
    it('adds an active subscriber and answers 201 with it', async () => {
      const response = await create({ email: '  John.Doe@Example.com ', name: ' John Doe ' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        success: true,
        data: {
          id: expect.any(Number),
          email: 'john.doe@example.com',
          name: 'John Doe',
          status: 'active',
          consecutive_soft_bounces: 0,
          last_bounce_at: null,
          status_changed_at: null,
          created_at: expect.stringMatching(RFC3339),
        },
      });
      expect(await sql('select id, email, name, status from subscribers')).toEqual([
        { id: String(response.body.data.id), email: 'john.doe@example.com', name: 'John Doe', status: 'active' },
      ]);
    });

    it('adds a subscriber without a name', async () => {
      const response = await create({ email: 'anonymous@example.com' });
      expect(response.status).toBe(201);
      expect(response.body.data.name).toBeNull();
    });

    it('starts a subscriber of an address that hard-bounced before it was added as bounced, and its bounces then show its name', async () => {
      const { body: recorded } = await bounce({ email: 'invalid@example.com', bounce_type: 'hard', bounce_subtype: 'NoEmail' });
      const response = await create({ email: 'Invalid@example.com', name: 'John Doe' });
      expect(response.status).toBe(201);
      expect(response.body.data).toMatchObject({
        status: 'bounced',
        consecutive_soft_bounces: 0,
        last_bounce_at: expect.stringMatching(RFC3339),
        status_changed_at: expect.stringMatching(RFC3339),
      });
      expect(await sql('select * from address_states')).toEqual([]);

      const listed = await http().get('/api/v1/bounces').set(auth).expect(200);
      expect(listed.body.data.bounces).toEqual([
        expect.objectContaining({ id: recorded.data.bounce_id, email: 'invalid@example.com', subscriber_name: 'John Doe' }),
      ]);
      const check = await http()
        .post('/api/v1/suppressions/check')
        .set(auth)
        .send({ emails: ['invalid@example.com'] })
        .expect(200);
      expect(check.body.data.results).toEqual([{ email: 'invalid@example.com', sendable: false, reason: 'bounced' }]);
    });

    it('starts a subscriber of an address that complained before it was added as unsubscribed', async () => {
      await bounce({ email: 'angry@example.com', bounce_type: 'complaint' });
      expect((await create({ email: 'angry@example.com' })).body.data.status).toBe('unsubscribed');
    });

    it('answers 409 for an address that already has a subscriber, whatever its case', async () => {
      await subscriberId('john.doe@example.com', 'John');
      const response = await create({ email: 'JOHN.DOE@example.com', name: 'Johnny' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        success: false,
        error: { code: 'CONFLICT', message: 'A subscriber with the address john.doe@example.com already exists' },
      });
      expect(await sql('select name from subscribers')).toEqual([{ name: 'John' }]);
    });

    it.each([
      ['a missing email', { name: 'John' }, 'email'],
      ['an invalid email', { email: 'not-an-address' }, 'email'],
      ['an email that is not a string', { email: ['a@example.com'] }, 'email'],
      ['a name that is not a string', { email: 'a@example.com', name: 42 }, 'name'],
      ['an empty name', { email: 'a@example.com', name: '   ' }, 'name'],
      ['a name over 255 characters', { email: 'a@example.com', name: 'x'.repeat(256) }, 'name'],
      ['an unknown field', { email: 'a@example.com', status: 'active' }, 'status'],
    ])('answers 400 naming the field for %s, adding no one', async (_case, body, field) => {
      expectValidationError(await create(body), field);
      expect(await sql('select * from subscribers')).toEqual([]);
    });

    it.each([
      ['email', 'is required', 'a subscriber without an email', { name: 'John' }],
      ['name', 'must be a string', 'a name that is a number', { email: 'a@example.com', name: 42 }],
    ])('answers "%s %s" for %s', async (field, message, _case, body) => {
      const response = await create(body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: `${field}: ${message}`, details: [{ field, message }] });
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await http().post('/api/v1/subscribers').set(auth).set('Content-Type', 'text/plain').send('email=a@example.com');
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    });

    it('answers 401 without an API key, and with an unknown one', async () => {
      const without = await http().post('/api/v1/subscribers').send({ email: 'a@example.com' });
      expect(without.status).toBe(401);
      expect(without.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      expect((await create({ email: 'a@example.com' }, { Authorization: 'Bearer mpk_unknown' })).status).toBe(401);
      expect(await sql('select * from subscribers')).toEqual([]);
    });

    it('answers 403 to a key without the subscribers permission', async () => {
      const response = await create({ email: 'a@example.com' }, campaignsOnly);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('subscribers') } });
      expect(await sql('select * from subscribers')).toEqual([]);
    });
  });

  describe('GET /api/v1/subscribers', () => {
    const list = (query = '', headers = auth) => http().get(`/api/v1/subscribers${query}`).set(headers);

    it('lists subscribers newest first, 20 by default, with the exact total', async () => {
      const ids: number[] = [];
      for (let n = 0; n < 22; n += 1) ids.push(await subscriberId(`user${n}@example.com`, `User ${n}`));
      const response = await list();
      expect(response.status).toBe(200);
      expect(response.body.success).toBe(true);
      expect(response.body.data).toMatchObject({ total: 22, limit: 20, offset: 0 });
      expect(response.body.data.subscribers.map((subscriber: { id: number }) => subscriber.id)).toEqual(ids.slice(2).reverse());
      expect(response.body.data.subscribers[0]).toEqual({
        id: ids[21],
        email: 'user21@example.com',
        name: 'User 21',
        status: 'active',
        consecutive_soft_bounces: 0,
        last_bounce_at: null,
        status_changed_at: null,
        created_at: expect.stringMatching(RFC3339),
      });
    });

    it('gives the page asked for', async () => {
      const ids: number[] = [];
      for (let n = 0; n < 5; n += 1) ids.push(await subscriberId(`user${n}@example.com`));
      const response = await list('?limit=2&offset=2').expect(200);
      expect(response.body.data).toMatchObject({ total: 5, limit: 2, offset: 2 });
      expect(response.body.data.subscribers.map((subscriber: { id: number }) => subscriber.id)).toEqual([ids[2], ids[1]]);
    });

    it('lists the subscribers of one status only', async () => {
      const active = await subscriberId('active@example.com');
      await bounce({ email: 'bounced@example.com', bounce_type: 'hard' });
      const bounced = await subscriberId('bounced@example.com');
      await bounce({ email: 'angry@example.com', bounce_type: 'complaint' });
      const unsubscribed = await subscriberId('angry@example.com');
      const ids = async (status: string) =>
        (await list(`?status=${status}`).expect(200)).body.data.subscribers.map((subscriber: { id: number }) => subscriber.id);
      expect(await ids('active')).toEqual([active]);
      expect(await ids('bounced')).toEqual([bounced]);
      expect(await ids('unsubscribed')).toEqual([unsubscribed]);
      expect((await list('?status=bounced').expect(200)).body.data.total).toBe(1);
    });

    it.each([
      ['an unknown status', '?status=deleted', 'status'],
      ['a limit of 0', '?limit=0', 'limit'],
      ['a limit over 100', '?limit=101', 'limit'],
      ['a limit that is not a number', '?limit=ten', 'limit'],
      ['a negative offset', '?offset=-1', 'offset'],
      ['an unknown parameter', '?sort=email', 'sort'],
    ])('answers 400 naming the parameter for %s', async (_case, query, field) => {
      expectValidationError(await list(query), field);
    });

    it('answers "offset must not be less than 0" for offset=-1', async () => {
      const response = await list('?offset=-1');
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'offset: must not be less than 0',
        details: [{ field: 'offset', message: 'must not be less than 0' }],
      });
    });

    it('answers 401 without an API key and 403 to a key without the subscribers permission', async () => {
      expect((await http().get('/api/v1/subscribers')).status).toBe(401);
      expect((await list('', campaignsOnly)).status).toBe(403);
    });
  });

  describe('GET /api/v1/subscribers/{id}', () => {
    const get = (id: number | string, headers = auth) => http().get(`/api/v1/subscribers/${id}`).set(headers);

    it('gives the subscriber with no last bounce when it never bounced', async () => {
      const id = await subscriberId('john.doe@example.com', 'John Doe');
      const response = await get(id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        data: {
          id,
          email: 'john.doe@example.com',
          name: 'John Doe',
          status: 'active',
          consecutive_soft_bounces: 0,
          last_bounce_at: null,
          status_changed_at: null,
          created_at: expect.stringMatching(RFC3339),
          last_bounce: null,
        },
      });
    });

    it('gives the subscriber’s state and its most recent bounce', async () => {
      const id = await subscriberId('full@example.com');
      await bounce({ email: 'full@example.com', bounce_type: 'soft', bounce_subtype: 'MailboxFull' });
      const { body: latest } = await bounce({ email: 'full@example.com', bounce_type: 'soft', bounce_subtype: 'MessageTooLarge' });
      const response = await get(id).expect(200);
      expect(response.body.data).toMatchObject({ status: 'active', consecutive_soft_bounces: 2, last_bounce_at: expect.stringMatching(RFC3339) });
      expect(response.body.data.last_bounce).toEqual({
        id: latest.data.bounce_id,
        bounce_type: 'soft',
        bounce_subtype: 'MessageTooLarge',
        source: 'api',
        created_at: expect.stringMatching(RFC3339),
      });
    });

    it('answers 404 for an unknown id', async () => {
      const response = await get(999);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND', message: 'No subscriber with id 999' } });
    });

    it.each([['abc'], ['0'], ['-1'], ['1.5'], ['1e3'], ['99999999999999999999']])('answers 400 naming id for the id %p', async (id) => {
      expectValidationError(await get(id), 'id');
    });

    it('answers 401 without an API key and 403 to a key without the subscribers permission', async () => {
      const id = await subscriberId('a@example.com');
      expect((await http().get(`/api/v1/subscribers/${id}`)).status).toBe(401);
      expect((await get(id, campaignsOnly)).status).toBe(403);
    });
  });

  describe('GET /api/v1/subscribers/{id}/bounces', () => {
    const bouncesOf = (id: number | string, query = '', headers = auth) => http().get(`/api/v1/subscribers/${id}/bounces${query}`).set(headers);

    it('lists the subscriber’s own bounces, newest first, with the total, including those from before it was added', async () => {
      const { body: before } = await bounce({
        email: 'john@example.com',
        bounce_type: 'soft',
        diagnostic_code: '452 4.2.2 The email account that you tried to reach is over quota',
      });
      const id = await subscriberId('john@example.com', 'John Doe');
      await bounce({ email: 'someone.else@example.com', bounce_type: 'hard' });
      const { body: after } = await bounce({ email: 'john@example.com', bounce_type: 'complaint' });
      const response = await bouncesOf(id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        data: {
          bounces: [
            {
              id: after.data.bounce_id,
              email: 'john@example.com',
              bounce_type: 'complaint',
              bounce_subtype: null,
              reason: 'complaint',
              category: 'complaint',
              status: null,
              source: 'api',
              campaign_name: null,
              subscriber_name: 'John Doe',
              created_at: expect.stringMatching(RFC3339),
            },
            {
              id: before.data.bounce_id,
              email: 'john@example.com',
              bounce_type: 'soft',
              bounce_subtype: null,
              reason: 'mailbox_full',
              category: 'mailbox',
              status: '4.2.2',
              source: 'api',
              campaign_name: null,
              subscriber_name: 'John Doe',
              created_at: expect.stringMatching(RFC3339),
            },
          ],
          total: 2,
          limit: 20,
          offset: 0,
        },
      });
    });

    it('gives the page asked for', async () => {
      const id = await subscriberId('john@example.com');
      const ids: number[] = [];
      for (let n = 0; n < 3; n += 1) ids.push((await bounce({ email: 'john@example.com', bounce_type: 'soft' })).body.data.bounce_id);
      const response = await bouncesOf(id, '?limit=1&offset=1').expect(200);
      expect(response.body.data).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(response.body.data.bounces.map((item: { id: number }) => item.id)).toEqual([ids[1]]);
    });

    it('answers 404 for an unknown subscriber', async () => {
      const response = await bouncesOf(404);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    });

    it.each([
      ['an id that is not a number', 'abc', '', 'id'],
      ['a limit over 100', '1', '?limit=101', 'limit'],
      ['a negative offset', '1', '?offset=-5', 'offset'],
    ])('answers 400 naming the parameter for %s', async (_case, id, query, field) => {
      expectValidationError(await bouncesOf(id, query), field);
    });

    it('answers 401 without an API key and 403 to a key without the subscribers permission', async () => {
      const id = await subscriberId('a@example.com');
      expect((await http().get(`/api/v1/subscribers/${id}/bounces`)).status).toBe(401);
      expect((await bouncesOf(id, '', campaignsOnly)).status).toBe(403);
    });
  });

  describe('POST /api/v1/subscribers/{id}/reactivate', () => {
    const reactivate = (id: number | string, headers = auth) => http().post(`/api/v1/subscribers/${id}/reactivate`).set(headers);

    it('makes a bounced subscriber active again, with a new run of soft bounces, and answers 200 with it', async () => {
      const id = await subscriberId('john@example.com', 'John Doe');
      for (let n = 0; n < 3; n += 1) await bounce({ email: 'john@example.com', bounce_type: 'soft' });
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'bounced', consecutive_soft_bounces: 3 }]);

      const response = await reactivate(id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        data: {
          id,
          email: 'john@example.com',
          name: 'John Doe',
          status: 'active',
          consecutive_soft_bounces: 0,
          last_bounce_at: expect.stringMatching(RFC3339),
          status_changed_at: expect.stringMatching(RFC3339),
          created_at: expect.stringMatching(RFC3339),
        },
      });
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'active', consecutive_soft_bounces: 0 }]);
      const check = await http()
        .post('/api/v1/suppressions/check')
        .set(auth)
        .send({ emails: ['john@example.com'] })
        .expect(200);
      expect(check.body.data.results).toEqual([{ email: 'john@example.com', sendable: true, reason: null }]);
    });

    it('records the re-activation with the name of the API key that asked for it', async () => {
      const { secret } = await testApp.app.get(ApiKeysFacade).create('ops console', ['subscribers']);
      await bounce({ email: 'john@example.com', bounce_type: 'hard' });
      const id = await subscriberId('john@example.com');
      await reactivate(id, { Authorization: `Bearer ${secret}` }).expect(200);
      expect(await sql("select subscriber_id, previous_status, status, reason, actor from status_changes where reason = 'reactivation'")).toEqual([
        { subscriber_id: String(id), previous_status: 'bounced', status: 'active', reason: 'reactivation', actor: 'ops console' },
      ]);
    });

    it('counts soft bounces from zero again after a re-activation', async () => {
      const id = await subscriberId('john@example.com');
      for (let n = 0; n < 3; n += 1) await bounce({ email: 'john@example.com', bounce_type: 'soft' });
      await reactivate(id).expect(200);
      await bounce({ email: 'john@example.com', bounce_type: 'soft' });
      expect(await sql('select status, consecutive_soft_bounces from subscribers')).toEqual([{ status: 'active', consecutive_soft_bounces: 1 }]);
    });

    it('records no status change for a subscriber that was active', async () => {
      const id = await subscriberId('john@example.com');
      const response = await reactivate(id);
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ status: 'active', status_changed_at: null });
      expect(await sql('select * from status_changes')).toEqual([]);
    });

    it('answers 404 for an unknown id', async () => {
      const response = await reactivate(12345);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND', message: 'No subscriber with id 12345' } });
    });

    it('answers 400 naming id for an id that is not a positive integer', async () => {
      expectValidationError(await reactivate('first'), 'id');
    });

    it('answers 401 without an API key and 403 to a key without the subscribers permission, changing nothing', async () => {
      await bounce({ email: 'john@example.com', bounce_type: 'hard' });
      const id = await subscriberId('john@example.com');
      expect((await http().post(`/api/v1/subscribers/${id}/reactivate`)).status).toBe(401);
      expect((await reactivate(id, campaignsOnly)).status).toBe(403);
      expect(await sql('select status from subscribers')).toEqual([{ status: 'bounced' }]);
    });
  });

  describe('API documentation', () => {
    it('documents every subscribers endpoint with its tag, success and error answers', async () => {
      const { body: document } = await http().get('/docs-json').expect(200);
      const operation = (path: string, method: string) => document.paths[path]?.[method];
      const expected: [string, string, string[]][] = [
        ['/api/v1/subscribers', 'post', ['201', '400', '401', '403', '409', '413', '415']],
        ['/api/v1/subscribers', 'get', ['200', '400', '401', '403']],
        ['/api/v1/subscribers/{id}', 'get', ['200', '400', '401', '403', '404']],
        ['/api/v1/subscribers/{id}/bounces', 'get', ['200', '400', '401', '403', '404']],
        ['/api/v1/subscribers/{id}/reactivate', 'post', ['200', '400', '401', '403', '404']],
      ];
      for (const [path, method, statuses] of expected) {
        expect(operation(path, method)).toMatchObject({ tags: ['subscribers'], summary: expect.any(String) });
        expect(Object.keys(operation(path, method).responses)).toEqual(expect.arrayContaining(statuses));
      }
      expect(operation('/api/v1/subscribers/{id}', 'get').parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]),
      );
      expect(operation('/api/v1/subscribers', 'get').parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'status', in: 'query', required: false })]),
      );
    });
  });
});
