import request from 'supertest';
import { ApiKeysFacade, BounceHandlingEvents, type StatusChange } from '../libs/bounce-handling/src';
import { snapshotTables } from './support/hostile-snapshot';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

describe('Suppression list API (e2e)', () => {
  let testApp: TestApp;
  let opsKey: Record<string, string>;
  const auth: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const list = (query: Record<string, string | number> = {}) => http().get('/api/v1/suppressions').query(query).set(auth);
  const add = (body: unknown, headers = opsKey) =>
    http()
      .post('/api/v1/suppressions')
      .set(headers)
      .send(body as object);
  const remove = (body: unknown, headers = opsKey) =>
    http()
      .post('/api/v1/suppressions/delete')
      .set(headers)
      .send(body as object);
  const bounce = (email: string, bounceType: string) => http().post('/api/v1/bounces').set(auth).send({ email, bounce_type: bounceType }).expect(201);
  const subscribe = async (email: string): Promise<number> => (await http().post('/api/v1/subscribers').set(auth).send({ email }).expect(201)).body.data.id;
  const emailsOf = (body: { data: { suppressions: { email: string }[] } }) => body.data.suppressions.map((item) => item.email);
  const setSuppressedAt = (email: string, at: string) =>
    Promise.all([
      sql('update subscribers set status_changed_at = ? where email = ?', [at, email]),
      sql('update address_states set status_changed_at = ? where email = ?', [at, email]),
    ]);

  beforeAll(async () => {
    testApp = await createTestApp();
    const { secret } = await testApp.app.get(ApiKeysFacade).create('ops console', ['subscribers']);
    opsKey = { Authorization: `Bearer ${secret}` };
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('GET /api/v1/suppressions', () => {
    let subscriberId: number;

    beforeEach(async () => {
      subscriberId = await subscribe('hard@example.com');
      await bounce('hard@example.com', 'hard');
      await subscribe('active@example.com');
      await bounce('angry@other.org', 'complaint');
      await add({ entries: [{ email: 'manual@other.org', status: 'bounced', note: 'bad list' }] }).expect(200);
      await bounce('lone@example.com', 'hard');
      await setSuppressedAt('hard@example.com', '2026-01-05T00:00:00Z');
      await setSuppressedAt('angry@other.org', '2026-01-06T00:00:00Z');
      await setSuppressedAt('manual@other.org', '2026-01-07T00:00:00Z');
      await setSuppressedAt('lone@example.com', '2026-01-08T00:00:00Z');
    });

    it('lists every suppressed address, with a subscriber or not, newest suppression first, with the exact total', async () => {
      const response = await list().expect(200);
      expect(response.body).toEqual({
        success: true,
        data: {
          suppressions: [
            {
              email: 'lone@example.com',
              status: 'bounced',
              origin: 'bounce',
              reason: 'hard-bounce',
              note: null,
              subscriber_id: null,
              suppressed_at: '2026-01-08T00:00:00Z',
            },
            {
              email: 'manual@other.org',
              status: 'bounced',
              origin: 'manual',
              reason: 'manual',
              note: 'bad list',
              subscriber_id: null,
              suppressed_at: '2026-01-07T00:00:00Z',
            },
            {
              email: 'angry@other.org',
              status: 'unsubscribed',
              origin: 'complaint',
              reason: 'complaint',
              note: null,
              subscriber_id: null,
              suppressed_at: '2026-01-06T00:00:00Z',
            },
            {
              email: 'hard@example.com',
              status: 'bounced',
              origin: 'bounce',
              reason: 'hard-bounce',
              note: null,
              subscriber_id: subscriberId,
              suppressed_at: '2026-01-05T00:00:00Z',
            },
          ],
          total: 4,
          limit: 20,
          offset: 0,
          next_cursor: null,
        },
      });
    });

    it.each<[string, Record<string, string>, string[]]>([
      ['email, trimmed and lower-cased', { email: ' HARD@example.com,nobody@example.com' }, ['hard@example.com']],
      ['domain', { domain: 'Other.org' }, ['manual@other.org', 'angry@other.org']],
      ['status', { status: 'unsubscribed' }, ['angry@other.org']],
      ['reason', { reason: 'hard-bounce,complaint' }, ['lone@example.com', 'angry@other.org', 'hard@example.com']],
      ['origin', { origin: 'manual' }, ['manual@other.org']],
      ['origin, a comma list', { origin: 'complaint,manual' }, ['manual@other.org', 'angry@other.org']],
      ['from and to (from ≤ suppressed_at < to)', { from: '2026-01-06T00:00:00Z', to: '2026-01-08T00:00:00Z' }, ['manual@other.org', 'angry@other.org']],
      ['to with an offset', { to: '2026-01-06T01:00:00+01:00' }, ['hard@example.com']],
    ])('filters by %s, with the total of what matches', async (_filter, query, emails) => {
      const response = await list({ ...query, limit: 1 }).expect(200);
      expect(response.body.data.total).toBe(emails.length);
      expect(emailsOf((await list(query).expect(200)).body)).toEqual(emails);
    });

    it('pages by cursor to the end, each page continuing where the one before stopped, and by offset alike', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response: request.Response = await list(cursor === null ? { limit: 3 } : { limit: 3, cursor }).expect(200);
        expect(response.body.data.total).toBe(4);
        seen.push(...emailsOf(response.body));
        cursor = response.body.data.next_cursor;
      } while (cursor !== null);
      expect(seen).toEqual(['lone@example.com', 'manual@other.org', 'angry@other.org', 'hard@example.com']);
      expect(emailsOf((await list({ limit: 2, offset: 2 }).expect(200)).body)).toEqual(['angry@other.org', 'hard@example.com']);
    });

    it.each<[string, Record<string, string>, string]>([
      ['an unknown status', { status: 'active' }, 'status'],
      ['an unknown status in a list', { status: 'bounced,gone' }, 'status'],
      ['an unknown origin', { origin: 'policy' }, 'origin'],
      ['an unknown reason', { reason: 'soft' }, 'reason'],
      ['an empty filter', { domain: '' }, 'domain'],
      ['a from that is no RFC 3339 time', { from: '2026-01-06' }, 'from'],
      ['a to that is no day', { to: '2026-02-30T00:00:00Z' }, 'to'],
      ['a cursor this list did not give', { cursor: 'bm90IGEgY3Vyc29y' }, 'cursor'],
      ['a cursor with an offset', { cursor: 'WyIyMDI2LTAxLTA4VDAwOjAwOjAwLjAwMDAwMFoiLCJsb25lQGV4YW1wbGUuY29tIl0', offset: '0' }, 'cursor'],
      ['a limit over 100', { limit: '101' }, 'limit'],
      ['an unknown filter', { category: 'recipient' }, 'category'],
    ])('answers 400 naming the parameter for %s', async (_case, query, field) => {
      const response = await list(query).expect(400);
      expect(response.body.success).toBe(false);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('POST /api/v1/suppressions', () => {
    it('answers one result per entry in order, adds with origin manual and the note, and records each change with the key’s name', async () => {
      const subscriberId = await subscribe('sub@example.com');
      await bounce('hard@example.com', 'hard');
      const published: StatusChange[] = [];
      const stop = testApp.app.get(BounceHandlingEvents).onStatusChange((change) => void published.push(change));
      const response = await add({
        entries: [
          { email: ' Sub@Example.com ', status: 'unsubscribed', note: 'asked by phone' },
          { email: 'hard@example.com', status: 'bounced' },
          { email: 'not an address', status: 'bounced' },
          { email: 'hard@example.com', status: 'unsubscribed' },
        ],
      }).expect(200);
      stop();
      expect(response.body).toEqual({
        success: true,
        data: {
          results: [
            { email: 'sub@example.com', result: 'added', status: 'unsubscribed' },
            { email: 'hard@example.com', result: 'already_suppressed', status: 'bounced' },
            { email: 'not an address', result: 'invalid', status: null },
            { email: 'hard@example.com', result: 'added', status: 'unsubscribed' },
          ],
        },
      });
      // Suppressed at the same time: the later address first.
      expect((await list({ origin: 'manual' }).expect(200)).body.data.suppressions).toEqual([
        expect.objectContaining({ email: 'sub@example.com', status: 'unsubscribed', reason: 'manual', note: 'asked by phone', subscriber_id: subscriberId }),
        expect.objectContaining({ email: 'hard@example.com', status: 'unsubscribed', reason: 'manual', note: null }),
      ]);
      expect(await sql("select email, reason, actor from status_changes where reason = 'manual' order by id")).toEqual([
        { email: 'sub@example.com', reason: 'manual', actor: 'ops console' },
        { email: 'hard@example.com', reason: 'manual', actor: 'ops console' },
      ]);
      expect(published.map((change) => [change.email, change.status, change.reason])).toEqual([
        ['sub@example.com', 'unsubscribed', 'manual'],
        ['hard@example.com', 'unsubscribed', 'manual'],
      ]);
      const check = await http()
        .post('/api/v1/suppressions/check')
        .set(auth)
        .send({ emails: ['sub@example.com'] })
        .expect(200);
      expect(check.body.data.results).toEqual([{ email: 'sub@example.com', sendable: false, reason: 'unsubscribed' }]);
    });

    it('leaves an unsubscribed address unsubscribed when bounced is added', async () => {
      await bounce('angry@example.com', 'complaint');
      const response = await add({ entries: [{ email: 'angry@example.com', status: 'bounced' }] }).expect(200);
      expect(response.body.data.results).toEqual([{ email: 'angry@example.com', result: 'already_suppressed', status: 'unsubscribed' }]);
      expect(await sql('select status, suppressed_by from address_states')).toEqual([{ status: 'unsubscribed', suppressed_by: 'complaint' }]);
    });

    it.each<[string, unknown, string]>([
      ['no entries', {}, 'entries'],
      ['an empty list', { entries: [] }, 'entries'],
      ['1001 entries', { entries: Array.from({ length: 1001 }, (_, n) => ({ email: `u${n}@example.com`, status: 'bounced' })) }, 'entries'],
      ['an entry that is no object', { entries: ['a@example.com'] }, 'entries'],
      ['an entry without a status', { entries: [{ email: 'a@example.com' }] }, 'entries.0.status'],
      [
        'an entry of status active',
        {
          entries: [
            { email: 'a@example.com', status: 'bounced' },
            { email: 'b@example.com', status: 'active' },
          ],
        },
        'entries.1.status',
      ],
      ['an address that is no string', { entries: [{ email: 42, status: 'bounced' }] }, 'entries.0.email'],
      ['a note over 500 characters', { entries: [{ email: 'a@example.com', status: 'bounced', note: 'x'.repeat(501) }] }, 'entries.0.note'],
      ['an unknown field of an entry', { entries: [{ email: 'a@example.com', status: 'bounced', origin: 'import' }] }, 'entries.0.origin'],
      ['an unknown field', { entries: [{ email: 'a@example.com', status: 'bounced' }], origin: 'import' }, 'origin'],
    ])('answers 400 naming the field for %s, and stores nothing', async (_case, body, field) => {
      await bounce('hard@example.com', 'hard');
      const before = await snapshotTables(testApp);
      const response = await add(body).expect(400);
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await snapshotTables(testApp)).toEqual(before);
    });
  });

  describe('POST /api/v1/suppressions/delete', () => {
    beforeEach(async () => {
      await subscribe('hard@example.com');
      await bounce('hard@example.com', 'hard');
      await bounce('angry@example.com', 'complaint');
      await add({ entries: [{ email: 'unsub@example.com', status: 'unsubscribed' }] }).expect(200);
    });

    it('removes bounces, keeps complaints and unsubscribed addresses, and finds the others not suppressed', async () => {
      const response = await remove({ emails: ['Hard@example.com', 'angry@example.com', 'unsub@example.com', 'never@example.com'] }).expect(200);
      expect(response.body).toEqual({
        success: true,
        data: {
          results: [
            { email: 'hard@example.com', result: 'removed' },
            { email: 'angry@example.com', result: 'kept_complaint' },
            { email: 'unsub@example.com', result: 'kept_complaint' },
            { email: 'never@example.com', result: 'not_suppressed' },
          ],
        },
      });
      expect(emailsOf((await list().expect(200)).body).sort()).toEqual(['angry@example.com', 'unsub@example.com']);
      expect(await sql("select status from subscribers where email = 'hard@example.com'")).toEqual([{ status: 'active' }]);
    });

    it('removes complaints and unsubscribed addresses too when include_complaints is true', async () => {
      const response = await remove({ emails: ['angry@example.com', 'unsub@example.com'], include_complaints: true }).expect(200);
      expect(response.body.data.results.map((result: { result: string }) => result.result)).toEqual(['removed', 'removed']);
      expect((await list().expect(200)).body.data.total).toBe(1);
    });

    it('records each removal as a re-activation with the key’s name, shown in the subscriber’s history', async () => {
      const id = (await http().get('/api/v1/subscribers').set(auth).expect(200)).body.data.subscribers[0].id;
      await remove({ emails: ['hard@example.com'] }).expect(200);
      const history = await http().get(`/api/v1/subscribers/${id}/history`).set(auth).expect(200);
      expect(history.body.data).toEqual({
        changes: [
          {
            id: expect.any(Number),
            previous_status: 'bounced',
            status: 'active',
            reason: 'reactivation',
            actor: 'ops console',
            bounce_id: null,
            created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          },
          {
            id: expect.any(Number),
            previous_status: 'active',
            status: 'bounced',
            reason: 'hard-bounce',
            actor: null,
            bounce_id: expect.any(Number),
            created_at: expect.any(String),
          },
        ],
        total: 2,
        limit: 20,
        offset: 0,
      });
    });

    it.each<[string, unknown, string]>([
      ['no emails', {}, 'emails'],
      ['1001 addresses', { emails: Array.from({ length: 1001 }, (_, n) => `u${n}@example.com`) }, 'emails'],
      ['an address that is no string', { emails: ['hard@example.com', 7] }, 'emails'],
      ['include_complaints that is no boolean', { emails: ['angry@example.com'], include_complaints: 'yes' }, 'include_complaints'],
    ])('answers 400 naming the field for %s, and changes nothing', async (_case, body, field) => {
      const before = await snapshotTables(testApp);
      const response = await remove(body).expect(400);
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await snapshotTables(testApp)).toEqual(before);
    });
  });

  describe('GET /api/v1/subscribers/{id}/history', () => {
    it('lists the subscriber’s changes newest first, those of its address before it was added included, paged', async () => {
      await bounce('x@example.com', 'hard');
      const id = await subscribe('x@example.com');
      await remove({ emails: ['x@example.com'] }).expect(200);
      await add({ entries: [{ email: 'x@example.com', status: 'unsubscribed' }] }).expect(200);
      const page = await http().get(`/api/v1/subscribers/${id}/history`).query({ limit: 2 }).set(auth).expect(200);
      expect(page.body.data.changes.map((change: { reason: string; actor: string | null }) => [change.reason, change.actor])).toEqual([
        ['manual', 'ops console'],
        ['reactivation', 'ops console'],
      ]);
      expect(page.body.data.total).toBe(3);
      const last = await http().get(`/api/v1/subscribers/${id}/history`).query({ limit: 2, offset: 2 }).set(auth).expect(200);
      expect(last.body.data.changes.map((change: { reason: string }) => change.reason)).toEqual(['hard-bounce']);
    });

    it('answers 404 for an unknown subscriber', async () => {
      const response = await http().get('/api/v1/subscribers/999/history').set(auth).expect(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    });
  });
});
