import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('Campaigns API (e2e)', () => {
  let testApp: TestApp;
  let subscribersOnly: Record<string, string>;
  let campaignsOnly: Record<string, string>;
  const auth: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const put = (id: string, body: unknown, headers = auth) =>
    http()
      .put(`/api/v1/campaigns/${id}`)
      .set(headers)
      .send(body as object);

  beforeAll(async () => {
    testApp = await createTestApp();
    const apiKeys = testApp.app.get(ApiKeysFacade);
    subscribersOnly = { Authorization: `Bearer ${(await apiKeys.create('list tool', ['subscribers'])).secret}` };
    campaignsOnly = { Authorization: `Bearer ${(await apiKeys.create('campaign tool', ['campaigns'])).secret}` };
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('PUT /api/v1/campaigns/{id}', () => {
    it('creates a campaign and answers 201 with it', async () => {
      const response = await put('newsletter-2026-01', { name: '  January Newsletter ' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        success: true,
        data: { id: 'newsletter-2026-01', name: 'January Newsletter', created_at: expect.stringMatching(RFC3339), updated_at: expect.stringMatching(RFC3339) },
      });
      expect(await sql('select id, name from campaigns')).toEqual([{ id: 'newsletter-2026-01', name: 'January Newsletter' }]);
    });

    it('renames an existing campaign and answers 200, keeping its creation time', async () => {
      const created = await put('jan', { name: 'January' }, campaignsOnly).expect(201);
      const renamed = await put('jan', { name: 'January Newsletter' }, campaignsOnly);
      expect(renamed.status).toBe(200);
      expect(renamed.body.data).toEqual({
        id: 'jan',
        name: 'January Newsletter',
        created_at: created.body.data.created_at,
        updated_at: expect.stringMatching(RFC3339),
      });
      expect(await sql('select count(*)::int as n from campaigns')).toEqual([{ n: 1 }]);
    });

    it('accepts every character of the platform’s campaign ids', async () => {
      const response = await put('Spring_2026.v2:FR-a', { name: 'Printemps' });
      expect(response.status).toBe(201);
      expect(response.body.data.id).toBe('Spring_2026.v2:FR-a');
    });

    it('names the campaign in the bounce list, before and after a rename', async () => {
      await put('jan', { name: 'January' }).expect(201);
      await http().post('/api/v1/bounces').set(auth).send({ email: 'a@example.com', bounce_type: 'hard', campaign_id: 'jan' }).expect(201);
      const before = await http().get('/api/v1/bounces').set(auth).expect(200);
      expect(before.body.data.bounces[0].campaign_name).toBe('January');
      await put('jan', { name: 'January Newsletter' }).expect(200);
      const after = await http().get('/api/v1/bounces').set(auth).expect(200);
      expect(after.body.data.bounces[0].campaign_name).toBe('January Newsletter');
    });

    it('names a campaign whose bounces arrived before it was declared', async () => {
      await http().post('/api/v1/bounces').set(auth).send({ email: 'a@example.com', bounce_type: 'hard', campaign_id: 'late' }).expect(201);
      await put('late', { name: 'Late Campaign' }).expect(201);
      const listed = await http().get('/api/v1/bounces').set(auth).expect(200);
      expect(listed.body.data.bounces[0].campaign_name).toBe('Late Campaign');
    });

    it.each([
      ['a missing name', {}, 'name'],
      ['a name that is not a string', { name: 2026 }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a name of spaces only', { name: '   ' }, 'name'],
      ['a name over 255 characters', { name: 'x'.repeat(256) }, 'name'],
      ['an unknown field', { name: 'January', status: 'sent' }, 'status'],
    ])('answers 400 naming the field for %s, storing nothing', async (_case, body, field) => {
      const response = await put('jan', body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining(field) } });
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await sql('select * from campaigns')).toEqual([]);
    });

    it.each([
      ['is required', 'a campaign without a name', {}],
      ['is required', 'a name that is null', { name: null }],
      ['must be a string', 'a name that is a number', { name: 2026 }],
    ])('answers "name %s" for %s', async (message, _case, body) => {
      const response = await put('jan', body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: `name: ${message}`, details: [{ field: 'name', message }] });
    });

    it('accepts a name of exactly 255 characters', async () => {
      expect((await put('jan', { name: 'x'.repeat(255) })).status).toBe(201);
    });

    it.each([
      ['with a space', 'has%20space'],
      ['with a character outside the allowed set', 'jan%2Bfeb'],
      ['over 100 characters', 'c'.repeat(101)],
    ])('answers 400 naming id for an id %s', async (_case, id) => {
      const response = await put(id, { name: 'January' });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'id' })]));
      expect(await sql('select * from campaigns')).toEqual([]);
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await http().put('/api/v1/campaigns/jan').set(auth).set('Content-Type', 'text/plain').send('January');
      expect(response.status).toBe(415);
    });

    it('answers 401 without an API key and 403 to a key without the campaigns permission, storing nothing', async () => {
      const without = await http().put('/api/v1/campaigns/jan').send({ name: 'January' });
      expect(without.status).toBe(401);
      expect(without.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      const forbidden = await put('jan', { name: 'January' }, subscribersOnly);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('campaigns') } });
      expect(await sql('select * from campaigns')).toEqual([]);
    });

    it('is documented with its tag, its path parameter and every answer', async () => {
      const { body: document } = await http().get('/docs-json').expect(200);
      const operation = document.paths['/api/v1/campaigns/{id}'].put;
      expect(operation).toMatchObject({ tags: ['campaigns'], summary: expect.any(String) });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '413', '415']));
      expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]));
    });
  });
});
