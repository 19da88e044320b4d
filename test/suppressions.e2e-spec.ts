import request from 'supertest';
import { ApiKeysFacade, SubscribersFacade } from '../libs/bounce-handling/src';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

describe('Suppressions API (e2e)', () => {
  let testApp: TestApp;
  let campaignsOnly: Record<string, string>;
  const auth: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const check = (body: unknown, headers = auth) =>
    http()
      .post('/api/v1/suppressions/check')
      .set(headers)
      .send(body as object);
  const bounce = (email: string, bounceType: string) => http().post('/api/v1/bounces').set(auth).send({ email, bounce_type: bounceType }).expect(201);
  const subscribe = (email: string) => http().post('/api/v1/subscribers').set(auth).send({ email }).expect(201);

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

  describe('POST /api/v1/suppressions/check', () => {
    it('answers for every address, in the order asked, whether it may be mailed and why not', async () => {
      await subscribe('active@example.com');
      await subscribe('bounced@example.com');
      await bounce('bounced@example.com', 'hard');
      await subscribe('angry@example.com');
      await bounce('angry@example.com', 'complaint');
      await bounce('lone@example.com', 'hard');
      await bounce('lone-angry@example.com', 'complaint');
      await bounce('once-soft@example.com', 'soft');

      const response = await check({
        emails: [
          'Bounced@Example.com',
          'active@example.com',
          'never-seen@example.com',
          'angry@example.com',
          'lone@example.com',
          'lone-angry@example.com',
          'once-soft@example.com',
          'not an address',
          ' ',
        ],
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        data: {
          results: [
            { email: 'bounced@example.com', sendable: false, reason: 'bounced' },
            { email: 'active@example.com', sendable: true, reason: null },
            { email: 'never-seen@example.com', sendable: true, reason: null },
            { email: 'angry@example.com', sendable: false, reason: 'unsubscribed' },
            { email: 'lone@example.com', sendable: false, reason: 'bounced' },
            { email: 'lone-angry@example.com', sendable: false, reason: 'unsubscribed' },
            { email: 'once-soft@example.com', sendable: true, reason: null },
            { email: 'not an address', sendable: false, reason: 'invalid_address' },
            { email: '', sendable: false, reason: 'invalid_address' },
          ],
        },
      });
    });

    it('answers the same address asked twice twice', async () => {
      await bounce('lone@example.com', 'hard');
      const response = await check({ emails: ['lone@example.com', 'LONE@example.com'] }).expect(200);
      expect(response.body.data.results).toEqual([
        { email: 'lone@example.com', sendable: false, reason: 'bounced' },
        { email: 'lone@example.com', sendable: false, reason: 'bounced' },
      ]);
    });

    it('checks a thousand addresses of up to 320 characters in one request', async () => {
      await bounce('user999@example.com', 'hard');
      const emails = [...Array.from({ length: 999 }, (_, n) => `user${n + 1}@example.com`), 'x'.repeat(320)];
      const response = await check({ emails });
      expect(response.status).toBe(200);
      const results = response.body.data.results;
      expect(results).toHaveLength(1000);
      expect(results[998]).toEqual({ email: 'user999@example.com', sendable: false, reason: 'bounced' });
      expect(results[999]).toEqual({ email: 'x'.repeat(320), sendable: false, reason: 'invalid_address' });
      expect(results.filter((result: { sendable: boolean }) => result.sendable)).toHaveLength(998);
    });

    it.each([
      ['a missing list', {}],
      ['a list that is not an array', { emails: 'a@example.com' }],
      ['an empty list', { emails: [] }],
      ['a list of 1001 addresses', { emails: Array.from({ length: 1001 }, (_, n) => `u${n}@example.com`) }],
      ['an item that is not a string', { emails: ['a@example.com', 42] }],
      ['an item over 320 characters', { emails: ['x'.repeat(321)] }],
    ])('answers 400 naming emails for %s', async (_case, body) => {
      const response = await check(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining('emails') } });
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'emails' })]));
    });

    it.each([
      ['must be an array', 'a check without emails', {}],
      ['must be an array', 'emails that are a string', { emails: 'a@example.com' }],
    ])('answers "emails %s" for %s', async (message, _case, body) => {
      const response = await check(body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: `emails: ${message}`, details: [{ field: 'emails', message }] });
    });

    it('answers 400 naming an unknown field', async () => {
      const response = await check({ emails: ['a@example.com'], strict: true });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'strict' })]));
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await http().post('/api/v1/suppressions/check').set(auth).set('Content-Type', 'text/plain').send('a@example.com');
      expect(response.status).toBe(415);
    });

    it('answers 401 without an API key and 403 to a key without the subscribers permission', async () => {
      const without = await http()
        .post('/api/v1/suppressions/check')
        .send({ emails: ['a@example.com'] });
      expect(without.status).toBe(401);
      expect(without.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      const forbidden = await check({ emails: ['a@example.com'] }, campaignsOnly);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    });

    it('is documented with its tag, its example and every answer', async () => {
      const { body: document } = await http().get('/docs-json').expect(200);
      const operation = document.paths['/api/v1/suppressions/check'].post;
      expect(operation).toMatchObject({ tags: ['suppressions'], summary: expect.any(String) });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413', '415']));
      expect(JSON.stringify(operation.requestBody)).toContain('@example.com');
    });
  });

  describe('SubscribersFacade, in process', () => {
    it('gives senders inside the process the answer the endpoint gives', async () => {
      await bounce('lone@example.com', 'hard');
      const facade = testApp.app.get(SubscribersFacade);
      expect(await facade.checkSendability(['lone@example.com', 'fine@example.com', 'nope'])).toEqual([
        { email: 'lone@example.com', sendable: false, reason: 'bounced' },
        { email: 'fine@example.com', sendable: true, reason: null },
        { email: 'nope', sendable: false, reason: 'invalid_address' },
      ]);
      expect(await facade.isSendable('Lone@Example.com')).toBe(false);
      expect(await facade.isSendable('fine@example.com')).toBe(true);
    });
  });
});
