import request from 'supertest';
import { AllowListFacade, ApiKeysFacade } from '../libs/bounce-handling/src';
import { mailgun } from './support/webhook-providers/mailgun';
import type { ProviderEvent } from './support/webhook-providers';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { postfixDsnFor } from './support/postfix-dsn';
import { EMPTY_DATA_TABLES } from './support/test-database';

jest.setTimeout(60_000);

const SEED = 'seed@example.com';
const AUTH = { Authorization: `Bearer ${TEST_API_KEY}` };

/** A Postfix DSN for one unknown user, as the bounce mailbox receives it. */
const postfixDsn = (recipient: string): string => postfixDsnFor(recipient, `dsn-${recipient}@mx.mail.example.net`);

/**
 * The allow-list (docs/policy.md, rule 14), end to end: its API, and a report for an address on
 * it — by its own entry or its domain's — recorded through every path (the API, a signed provider
 * webhook, raw bounce mail) without suppressing the address or counting toward the threshold.
 */
describe('allow-list (e2e)', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const allow = (pattern: string, body?: object) => {
    const put = http()
      .put(`/api/v1/allowlist/${encodeURIComponent(pattern)}`)
      .set(AUTH);
    return body === undefined ? put : put.send(body);
  };
  const sendability = async (email: string) =>
    (
      await http()
        .post('/api/v1/suppressions/check')
        .set(AUTH)
        .send({ emails: [email] })
        .expect(200)
    ).body.data.results[0];
  const subscriber = async (email: string) =>
    (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];
  const recordBounce = (email: string, bounceType: string) => http().post('/api/v1/bounces').set(AUTH).send({ email, bounce_type: bounceType });
  const deliver = async (event: ProviderEvent) => {
    const post = mailgun.signed(event);
    const response = await http()
      .post(mailgun.path)
      .set('Content-Type', post.contentType)
      .set({ ...post.headers })
      .send(post.body);
    expect(response.status).toBe(200);
    return response.body.data;
  };

  beforeAll(async () => {
    testApp = await createTestApp(mailgun.env());
  });

  beforeEach(async () => {
    await sql(`${EMPTY_DATA_TABLES}; truncate allowlist_entries`);
    await sql('insert into subscribers (email, name) values (?, ?), (?, ?)', [SEED, 'Seed inbox', 'tester@test.example.org', 'Tester']);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('the API', () => {
    it('adds an address, normalised, with its note, the key’s name and the time, and answers 201', async () => {
      const { secret } = await testApp.app.get(ApiKeysFacade).create('deliverability team', ['subscribers']);
      const response = await http().put('/api/v1/allowlist/Seed@Example.COM').set('X-API-Key', secret).send({ note: ' Gmail seed inbox ' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        success: true,
        data: {
          pattern: SEED,
          kind: 'address',
          note: 'Gmail seed inbox',
          added_by: 'deliverability team',
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        },
      });
    });

    it('adds a domain without a body', async () => {
      const response = await allow('@Test.Example.org');
      expect(response.status).toBe(201);
      expect(response.body.data).toMatchObject({ pattern: '@test.example.org', kind: 'domain', note: null });
    });

    it('answers 200 with the entry as it was when the pattern is there already', async () => {
      const first = await allow(SEED, { note: 'first' }).expect(201);
      const again = await allow('SEED@example.com', { note: 'second' });
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual(first.body.data);
      expect(await sql('select count(*)::int as n from allowlist_entries')).toEqual([{ n: 1 }]);
    });

    it('lists the entries newest first in the list envelope, with the exact total', async () => {
      await allow(SEED).expect(201);
      await sql(`update allowlist_entries set created_at = now() - interval '1 day'`);
      await allow('@test.example.org').expect(201);
      const page = await http().get('/api/v1/allowlist?limit=1').set(AUTH).expect(200);
      expect(page.body).toEqual({
        success: true,
        data: { items: [expect.objectContaining({ pattern: '@test.example.org' })], total: 2, limit: 1, offset: 0 },
      });
      const next = await http().get('/api/v1/allowlist?limit=1&offset=1').set(AUTH).expect(200);
      expect(next.body.data.items.map((item: { pattern: string }) => item.pattern)).toEqual([SEED]);
    });

    it('removes a pattern with 204, and answers 404 in the envelope for one not on the list', async () => {
      await allow('@test.example.org').expect(201);
      const removed = await http().delete('/api/v1/allowlist/@TEST.example.org').set(AUTH);
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      const again = await http().delete('/api/v1/allowlist/@test.example.org').set(AUTH);
      expect(again.status).toBe(404);
      expect(again.body).toEqual({
        success: false,
        error: { code: 'NOT_FOUND', message: '@test.example.org is not on the allow-list', request_id: expect.any(String) },
      });
    });

    it.each([['example.com'], ['*.example.com'], ['@localhost'], ['@-bad.example.com'], ['a@b@example.com'], ['seed@']])(
      'refuses the pattern %p with a 400 naming it, storing nothing',
      async (pattern) => {
        for (const response of [
          await allow(pattern, { note: 'x' }),
          await http()
            .delete(`/api/v1/allowlist/${encodeURIComponent(pattern)}`)
            .set(AUTH),
        ]) {
          expect(response.status).toBe(400);
          expect(response.body.success).toBe(false);
          expect(response.body.error.code).toBe('VALIDATION_ERROR');
          expect(response.body.error.details).toEqual([{ field: 'pattern', message: expect.stringContaining('must be an e-mail address') }]);
        }
        expect(await sql('select count(*)::int as n from allowlist_entries')).toEqual([{ n: 0 }]);
      },
    );

    it.each<[string, () => request.Test, string]>([
      ['a note that is not text', () => allow(SEED, { note: 42 }), 'note'],
      ['a note over 500 characters', () => allow(SEED, { note: 'x'.repeat(501) }), 'note'],
      ['an unknown field', () => allow(SEED, { comment: 'x' }), 'comment'],
      ['a limit over 100', () => http().get('/api/v1/allowlist?limit=101').set(AUTH), 'limit'],
      ['a negative offset', () => http().get('/api/v1/allowlist?offset=-1').set(AUTH), 'offset'],
    ])('refuses %s with a 400 naming the field, storing nothing', async (_case, send, field) => {
      const response = await send();
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ field })]);
      expect(await sql('select count(*)::int as n from allowlist_entries')).toEqual([{ n: 0 }]);
    });

    it('needs a key with the subscribers permission', async () => {
      const { secret } = await testApp.app.get(ApiKeysFacade).create('campaigns only', ['campaigns']);
      expect((await http().get('/api/v1/allowlist')).status).toBe(401);
      expect((await http().put(`/api/v1/allowlist/${SEED}`).set('X-API-Key', secret)).status).toBe(403);
      expect((await http().delete(`/api/v1/allowlist/${SEED}`).set('X-API-Key', secret)).status).toBe(403);
      expect(await sql('select count(*)::int as n from allowlist_entries')).toEqual([{ n: 0 }]);
    });

    it('is what the in-process facade reads and writes', async () => {
      const facade = testApp.app.get(AllowListFacade);
      await allow('@test.example.org').expect(201);
      expect(await facade.isAllowListed('Anyone@test.example.org')).toBe(true);
      expect(await facade.isAllowListed('anyone@sub.test.example.org')).toBe(false);
      expect((await facade.allow(SEED, { note: 'in-process' })).created).toBe(true);
      expect((await http().get('/api/v1/allowlist').set(AUTH).expect(200)).body.data.total).toBe(2);
      expect(await facade.disallow(SEED)).toBe(true);
      expect(await facade.isAllowListed(SEED)).toBe(false);
    });
  });

  describe('reports for an address on the list', () => {
    it('records a hard bounce through POST /bounces and leaves the subscriber active and sendable', async () => {
      await allow(SEED).expect(201);
      const response = await recordBounce(SEED, 'hard');
      expect(response.status).toBe(201);
      expect(await sql('select email, bounce_type, source from bounces')).toEqual([{ email: SEED, bounce_type: 'hard', source: 'api' }]);
      expect(await subscriber(SEED)).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await sendability(SEED)).toEqual({ email: SEED, sendable: true, reason: null });
      expect(await sql('select count(*)::int as n from status_changes')).toEqual([{ n: 0 }]);
    });

    it('never counts soft bounces of an address of a listed domain toward the threshold, nor unsubscribes it on a complaint', async () => {
      await allow('@test.example.org').expect(201);
      for (const type of ['soft', 'soft', 'soft', 'soft', 'complaint']) expect((await recordBounce('tester@test.example.org', type)).status).toBe(201);
      expect(await sql('select count(*)::int as n from bounces')).toEqual([{ n: 5 }]);
      expect(await subscriber('tester@test.example.org')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await sendability('tester@test.example.org')).toEqual({ email: 'tester@test.example.org', sendable: true, reason: null });
    });

    it('covers the domain exactly: an address of a subdomain is suppressed as any other', async () => {
      await allow('@example.com').expect(201);
      await recordBounce('someone@mail.example.com', 'hard').expect(201);
      expect(await sendability('someone@mail.example.com')).toEqual({ email: 'someone@mail.example.com', sendable: false, reason: 'bounced' });
    });

    it('records a signed Mailgun hard bounce and complaint, for an address and a domain, changing neither address', async () => {
      await allow(SEED).expect(201);
      await allow('@test.example.org').expect(201);
      expect(await deliver(mailgun.hardBounce(SEED, 'mg-hard-1'))).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });
      expect(await deliver(mailgun.complaint(SEED, 'mg-complaint-1'))).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });
      expect(await deliver(mailgun.hardBounce('tester@test.example.org', 'mg-hard-2'))).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });
      // A re-delivery is still recorded once.
      expect(await deliver(mailgun.hardBounce(SEED, 'mg-hard-1'))).toEqual({ received: 1, recorded: 0, duplicates: 1, ignored: 0 });

      expect(await sql('select email, bounce_type, source from bounces order by id')).toEqual([
        { email: SEED, bounce_type: 'hard', source: 'mailgun' },
        { email: SEED, bounce_type: 'complaint', source: 'mailgun' },
        { email: 'tester@test.example.org', bounce_type: 'hard', source: 'mailgun' },
      ]);
      expect(await subscriber(SEED)).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await subscriber('tester@test.example.org')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await sendability(SEED)).toEqual({ email: SEED, sendable: true, reason: null });
    });

    it('records a DSN received as raw mail without suppressing the address', async () => {
      await allow('@test.example.org').expect(201);
      const response = await http().post('/api/v1/inbound/mail').set(AUTH).set('Content-Type', 'message/rfc822').send(postfixDsn('tester@test.example.org'));
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ received: 1, recorded: 1 });
      expect(await sql('select email, bounce_type, source from bounces')).toEqual([
        { email: 'tester@test.example.org', bounce_type: 'hard', source: 'inbound' },
      ]);
      expect(await subscriber('tester@test.example.org')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
    });

    it('records and applies again once the pattern is taken off the list', async () => {
      await allow(SEED).expect(201);
      await recordBounce(SEED, 'hard').expect(201);
      await http().delete(`/api/v1/allowlist/${SEED}`).set(AUTH).expect(204);
      await recordBounce(SEED, 'hard').expect(201);
      expect(await subscriber(SEED)).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
      expect(await sendability(SEED)).toEqual({ email: SEED, sendable: false, reason: 'bounced' });
    });

    it('lifts no suppression: an address suppressed before it was listed stays so, and a complaint does not change it', async () => {
      await recordBounce(SEED, 'hard').expect(201);
      await allow(SEED).expect(201);
      expect(await sendability(SEED)).toEqual({ email: SEED, sendable: false, reason: 'bounced' });
      await recordBounce(SEED, 'complaint').expect(201);
      expect(await subscriber(SEED)).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
    });
  });
});
