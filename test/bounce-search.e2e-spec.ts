import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

interface Listed {
  readonly id: number;
  readonly email: string;
}

/** What a search answers: the emails in order and the envelope's numbers. */
interface Answer {
  readonly status: number;
  readonly body: { data: { bounces: Listed[]; total: number; limit: number; offset: number; next_cursor: string | null } };
}

describe('Finding bounces (e2e)', () => {
  let testApp: TestApp;
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const search = async (query: string): Promise<Answer> => http().get(`/api/v1/bounces?${query}`).set(auth);
  const emailsOf = (answer: Answer) => answer.body.data.bounces.map((bounce) => bounce.email);

  /** Six bounces, one a minute from 12:01 on 2026-01-10, newest last. */
  const seed = async () => {
    await sql("insert into campaigns (id, name) values ('jan', 'January Newsletter'), ('feb', 'February Newsletter')");
    await sql("insert into subscribers (email, name) values ('john@example.com', 'John Doe')");
    const rows: [string, string, string, string, string, string | null, number][] = [
      // email, type, reason, category, source, campaign, minute
      ['john@example.com', 'hard', 'user_unknown', 'recipient', 'ses', 'jan', 1],
      ['jane@gmail.com', 'soft', 'mailbox_full', 'mailbox', 'sendgrid', 'jan', 2],
      ['john@example.com', 'complaint', 'complaint', 'complaint', 'mailgun', 'feb', 3],
      ['max@yahoo.com', 'soft', 'blocked', 'sender', 'api', null, 4],
      ['eve@gmail.com', 'hard', 'user_unknown', 'recipient', 'postmark', 'feb', 5],
      ['ann@sub.example.com', 'soft', 'expired', 'transient', 'ses', 'jan', 6],
    ];
    for (const [email, type, reason, category, source, campaign, minute] of rows) {
      await sql(
        `insert into bounces (email, bounce_type, reason, category, source, campaign_id, subscriber_id, created_at)
         values (?, ?, ?, ?, ?, ?, (select id from subscribers where email = ?), ?)`,
        [email, type, reason, category, source, campaign, email, new Date(Date.UTC(2026, 0, 10, 12, minute))],
      );
    }
  };

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('GET /api/v1/bounces with filters', () => {
    beforeEach(seed);

    it.each([
      ['email=john@example.com', ['john@example.com', 'john@example.com']],
      ['email=JOHN@Example.com', ['john@example.com', 'john@example.com']],
      ['email=max@yahoo.com,eve@gmail.com', ['eve@gmail.com', 'max@yahoo.com']],
      ['email=max@yahoo.com&email=eve@gmail.com', ['eve@gmail.com', 'max@yahoo.com']],
      ['email=nobody@example.com', []],
      ['domain=gmail.com', ['eve@gmail.com', 'jane@gmail.com']],
      ['domain=Example.com', ['john@example.com', 'john@example.com']],
      ['domain=sub.example.com,yahoo.com', ['ann@sub.example.com', 'max@yahoo.com']],
      ['bounce_type=soft', ['ann@sub.example.com', 'max@yahoo.com', 'jane@gmail.com']],
      ['bounce_type=hard,complaint', ['eve@gmail.com', 'john@example.com', 'john@example.com']],
      ['category=recipient', ['eve@gmail.com', 'john@example.com']],
      ['category=sender,transient', ['ann@sub.example.com', 'max@yahoo.com']],
      ['reason=mailbox_full', ['jane@gmail.com']],
      ['reason=complaint,expired', ['ann@sub.example.com', 'john@example.com']],
      ['source=ses', ['ann@sub.example.com', 'john@example.com']],
      ['source=api,postmark', ['eve@gmail.com', 'max@yahoo.com']],
      ['campaign_id=jan', ['ann@sub.example.com', 'jane@gmail.com', 'john@example.com']],
      ['campaign_id=feb,jan', ['ann@sub.example.com', 'eve@gmail.com', 'john@example.com', 'jane@gmail.com', 'john@example.com']],
      ['from=2026-01-10T12:05:00Z', ['ann@sub.example.com', 'eve@gmail.com']],
      ['to=2026-01-10T12:02:00Z', ['john@example.com']],
      ['from=2026-01-10T12:02:00Z&to=2026-01-10T12:04:00Z', ['john@example.com', 'jane@gmail.com']],
      ['from=2026-01-10T13:02:00%2B01:00&to=2026-01-10T07:04:00-05:00', ['john@example.com', 'jane@gmail.com']],
      ['domain=gmail.com&bounce_type=hard', ['eve@gmail.com']],
      ['campaign_id=jan&bounce_type=soft&from=2026-01-10T12:03:00Z', ['ann@sub.example.com']],
      ['email=john@example.com&campaign_id=feb&source=mailgun&category=complaint&reason=complaint', ['john@example.com']],
      ['email=john@example.com&domain=gmail.com', []],
    ])('keeps for %s exactly the bounces it names, newest first, with their total', async (query, expected) => {
      const answer = await search(query);
      expect(answer.status).toBe(200);
      expect(emailsOf(answer)).toEqual(expected);
      expect(answer.body.data).toMatchObject({ total: expected.length, limit: 20, offset: 0, next_cursor: null });
    });

    it('answers the exact total of the filter whatever the page', async () => {
      const answer = await search('campaign_id=jan,feb&limit=2&offset=2');
      expect(answer.body.data).toMatchObject({ total: 5, limit: 2, offset: 2 });
      expect(emailsOf(answer)).toEqual(['john@example.com', 'jane@gmail.com']);
    });

    it('shows the fields of the spec for a filtered bounce, its campaign and subscriber named', async () => {
      const answer = await search('email=john@example.com&bounce_type=hard');
      expect(answer.body.data.bounces).toEqual([
        {
          id: expect.any(Number),
          email: 'john@example.com',
          bounce_type: 'hard',
          bounce_subtype: null,
          reason: 'user_unknown',
          category: 'recipient',
          status: null,
          source: 'ses',
          campaign_name: 'January Newsletter',
          subscriber_name: 'John Doe',
          created_at: '2026-01-10T12:01:00Z',
        },
      ]);
    });
  });

  describe('GET /api/v1/bounces, paging with a cursor', () => {
    /** 23 bounces, three of each instant (the id breaks ties), a third of them at gmail.com. */
    const seedMany = async () => {
      await sql(
        `insert into bounces (email, bounce_type, source, created_at)
         select 'user' || n || (case when n % 3 = 0 then '@gmail.com' else '@example.com' end), 'hard', 'api',
                timestamptz '2026-01-10T12:00:00.000001Z' + (n / 3) * interval '1 microsecond'
           from generate_series(1, 23) as n`,
      );
    };

    const withWindow = (query: string, limit: number, window: string) => search([query, `limit=${limit}`, window].filter(Boolean).join('&'));

    const walkByOffset = async (query: string, limit: number): Promise<Answer[]> => {
      const pages = [await withWindow(query, limit, 'offset=0')];
      while (pages.length * limit < pages[0].body.data.total) pages.push(await withWindow(query, limit, `offset=${pages.length * limit}`));
      return pages;
    };

    const walkByCursor = async (query: string, limit: number): Promise<Answer[]> => {
      const pages = [await withWindow(query, limit, '')];
      // Bounded: a cursor that led back would otherwise never end.
      for (let next = pages[0].body.data.next_cursor; next !== null && pages.length <= 100; next = pages[pages.length - 1].body.data.next_cursor) {
        pages.push(await withWindow(query, limit, `cursor=${next}`));
      }
      return pages;
    };

    it.each([
      ['every bounce', '', 5],
      ['every bounce, a page of one', '', 1],
      ['a domain', 'domain=gmail.com', 2],
      ['a type and a range', 'bounce_type=hard&from=2026-01-10T12:00:00Z&to=2026-01-10T12:00:01Z', 4],
    ])('walks %s page by page with the cursor as with the offset, each once, the total on every page', async (_case, query, limit) => {
      await seedMany();
      const byCursor = await walkByCursor(query, limit);
      const byOffset = await walkByOffset(query, limit);
      const ids = (pages: Answer[]) => pages.flatMap((page) => page.body.data.bounces.map((bounce) => bounce.id));
      const total = byOffset[0].body.data.total;
      expect(total).toBeGreaterThan(limit);
      expect(ids(byCursor)).toEqual(ids(byOffset));
      expect(new Set(ids(byCursor)).size).toBe(total);
      expect(byCursor.map((page) => page.body.data.total)).toEqual(byCursor.map(() => total));
      expect(byCursor.map((page) => page.body.data.offset)).toEqual(byCursor.map(() => 0));
      expect(byCursor.at(-1)?.body.data.next_cursor).toBeNull();
    });

    it('gives a cursor after an offset page too, which goes on from there', async () => {
      await seedMany();
      const second = await search('limit=5&offset=5');
      const third = await search(`limit=5&cursor=${second.body.data.next_cursor}`);
      expect(third.body.data.bounces).toEqual((await search('limit=5&offset=10')).body.data.bounces);
    });

    it('answers null for next_cursor on a last page that is exactly full', async () => {
      await seedMany();
      expect((await search('limit=23')).body.data.next_cursor).toBeNull();
      expect((await search('limit=22')).body.data.next_cursor).toEqual(expect.any(String));
    });
  });

  describe('GET /api/v1/bounces, refused', () => {
    it.each([
      ['bounce_type=firm', 'bounce_type', 'each value must be one of: hard, soft, complaint; "firm" is not'],
      ['category=address', 'category', 'each value must be one of: recipient, mailbox, sender, transient, complaint, undetermined; "address" is not'],
      ['source=pigeon', 'source', expect.stringContaining('each value must be one of: api, inbound, ses, mailgun, sendgrid')],
      ['reason=bounced', 'reason', expect.stringContaining('each value must be one of: user_unknown, host_unknown')],
      ['email=not-an-address', 'email', 'each value must be an e-mail address; "not-an-address" is not'],
      ['domain=a@b.com', 'domain', 'each value must be a domain such as example.com; "a@b.com" is not'],
      ['campaign_id=has%20spaces', 'campaign_id', expect.stringContaining('each value must be a campaign id')],
      ['bounce_type=hard,,soft', 'bounce_type', 'must not hold an empty value (two commas in a row, or one at an end)'],
      [`email=${Array.from({ length: 101 }, (_, n) => `u${n}@example.com`).join(',')}`, 'email', 'must hold at most 100 values'],
      ['from=yesterday', 'from', 'must be an RFC 3339 date-time, such as 2026-01-10T12:00:00Z'],
      ['to=2026-02-30T00:00:00Z', 'to', 'must be an RFC 3339 date-time, such as 2026-01-10T12:00:00Z'],
      ['from=2026-01-10T12:00:00Z&to=2026-01-10T12:00:00Z', 'to', 'must be later than from'],
      ['from=2026-01-10T12:00:00Z&to=2026-01-01T00:00:00Z', 'to', 'must be later than from'],
      ['cursor=WyJ4IiwxXQ&offset=0', 'cursor', 'cannot be used with offset'],
      ['cursor=not-a-cursor', 'cursor', 'must be the next_cursor of a page of this list'],
      [`cursor=${Buffer.from('["2026-01-10T12:00:00Z",1]').toString('base64url')}`, 'cursor', 'must be the next_cursor of a page of this list'],
      [
        `cursor=${Buffer.from('["2026-01-10T12:00:00.000000Z","1; drop table bounces"]').toString('base64url')}`,
        'cursor',
        'must be the next_cursor of a page of this list',
      ],
      ['subscriber_id=1', 'subscriber_id', 'property subscriber_id should not exist'],
    ])('answers 400 naming the parameter for %s', async (query, field, message) => {
      const answer = await http().get(`/api/v1/bounces?${query}`).set(auth);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining(field) } });
      expect(answer.body.error.details).toEqual([{ field, message }]);
    });
  });

  describe('GET /api/v1/bounces/{id}', () => {
    it('answers one bounce with what its report said and the raw event as stored', async () => {
      await sql("insert into campaigns (id, name) values ('jan', 'January Newsletter')");
      await sql("insert into subscribers (email, name) values ('john@example.com', 'John Doe')");
      const raw = {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          remoteMtaIp: '203.0.113.7',
          bouncedRecipients: [{ emailAddress: 'john@example.com', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        },
        mail: { messageId: 'm-1' },
      };
      const [{ id }] = await sql<{ id: string }>(
        `insert into bounces (email, bounce_type, bounce_subtype, diagnostic_code, reason, category, status, remote_mta, source, campaign_id,
           subscriber_id, provider_message_id, provider_event_id, raw_payload, created_at)
         values ('john@example.com', 'hard', 'General', 'smtp; 550 5.1.1 user unknown', 'user_unknown', 'recipient', '5.1.1', '203.0.113.7',
           'ses', 'jan', 1, 'm-1', 'feedback-1', ?::jsonb, '2026-01-10T12:00:00.123456Z') returning id`,
        [JSON.stringify(raw)],
      );
      const answer = await http().get(`/api/v1/bounces/${id}`).set(auth);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        success: true,
        data: {
          id: Number(id),
          email: 'john@example.com',
          bounce_type: 'hard',
          bounce_subtype: 'General',
          reason: 'user_unknown',
          category: 'recipient',
          status: '5.1.1',
          source: 'ses',
          campaign_name: 'January Newsletter',
          subscriber_name: 'John Doe',
          created_at: '2026-01-10T12:00:00Z',
          diagnostic_code: 'smtp; 550 5.1.1 user unknown',
          remote_mta: '203.0.113.7',
          campaign_id: 'jan',
          subscriber_id: 1,
          provider_message_id: 'm-1',
          provider_event_id: 'feedback-1',
          raw_payload: raw,
        },
      });
    });

    it('answers a bounce recorded through the API, which has no raw event', async () => {
      const created = await http()
        .post('/api/v1/bounces')
        .set(auth)
        .send({ email: 'a@example.com', bounce_type: 'soft', diagnostic_code: '452 4.2.2 mailbox full' });
      const answer = await http().get(`/api/v1/bounces/${created.body.data.bounce_id}`).set(auth);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({
        id: created.body.data.bounce_id,
        source: 'api',
        diagnostic_code: '452 4.2.2 mailbox full',
        provider_event_id: null,
        provider_message_id: null,
        raw_payload: null,
      });
    });

    it('answers 404 in the envelope for an unknown id', async () => {
      const answer = await http().get('/api/v1/bounces/999').set(auth);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND', message: 'No bounce with id 999' } });
    });

    it.each(['abc', '1.5', '-1', '0', '1e3', '0x10', '99999999999999999999'])('answers 400 naming id for the id %s', async (id) => {
      const answer = await http().get(`/api/v1/bounces/${id}`).set(auth);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        success: false,
        error: { code: 'VALIDATION_ERROR', details: [{ field: 'id', message: 'must be a positive integer' }] },
      });
    });
  });

  describe('documentation', () => {
    interface Operation {
      parameters: { name: string; in: string; schema?: { type?: string } }[];
      responses: Record<string, unknown>;
    }

    it('documents every filter and the cursor of the list, the detail with its id and answers, and the fields of both', async () => {
      const document = (await http().get('/docs-json')).body as {
        paths: Record<string, Record<string, Operation>>;
        components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      };
      const list = document.paths['/api/v1/bounces'].get;
      expect(list.parameters.map((parameter) => parameter.name).sort()).toEqual(
        ['bounce_type', 'campaign_id', 'category', 'cursor', 'domain', 'email', 'from', 'limit', 'offset', 'reason', 'source', 'to'].sort(),
      );
      const detail = document.paths['/api/v1/bounces/{id}'].get;
      expect(Object.keys(detail.responses).sort()).toEqual(['200', '400', '401', '403', '404', '429', '503']);
      expect(detail.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', schema: expect.objectContaining({ type: 'integer' }) })]);
      expect(Object.keys(document.components.schemas.BouncePageResponseDto.properties)).toEqual(
        expect.arrayContaining(['bounces', 'total', 'limit', 'offset', 'next_cursor']),
      );
      expect(Object.keys(document.components.schemas.BounceDetailResponseDto.properties)).toEqual(
        expect.arrayContaining(['diagnostic_code', 'remote_mta', 'provider_message_id', 'provider_event_id', 'raw_payload']),
      );
    });
  });

  describe('access', () => {
    it.each(['/api/v1/bounces?domain=gmail.com', '/api/v1/bounces/1'])(
      '%s answers 401 without a key and 403 to a key without the subscribers permission',
      async (path) => {
        expect((await http().get(path)).status).toBe(401);
        const { secret } = await testApp.app.get(ApiKeysFacade).create('campaigns only', ['campaigns']);
        const denied = await http().get(path).set('X-API-Key', secret);
        expect(denied.status).toBe(403);
        expect(denied.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
      },
    );
  });
});
