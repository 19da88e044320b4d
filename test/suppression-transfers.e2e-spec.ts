import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

const FIXTURES = join(__dirname, '..', 'libs', 'bounce-handling', 'src', 'suppressions', '__fixtures__');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

interface ExportedLine {
  email: string;
  status: string;
  reason: string | null;
  origin: string | null;
  note: string | null;
  suppressed_at: string | null;
}

describe('Suppression export and import (e2e)', () => {
  let testApp: TestApp;
  let importer: Record<string, string>;
  let campaignsOnly: Record<string, string>;
  const auth: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const bounce = (email: string, bounceType: string) => http().post('/api/v1/bounces').set(auth).send({ email, bounce_type: bounceType }).expect(201);
  const importFile = (body: Buffer | string, headers: Record<string, string> = importer, contentType = 'text/csv') =>
    http()
      .post('/api/v1/suppressions/import')
      .set(headers)
      .set('Content-Type', contentType)
      .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
  /** The whole list, as the NDJSON export gives it, by address. */
  const listed = async (): Promise<Map<string, ExportedLine>> => {
    const response = await http().get('/api/v1/suppressions/export?format=ndjson').set(auth).buffer(true).expect(200);
    const lines = response.text.split('\n').filter((line) => line !== '');
    return new Map(lines.map((line) => JSON.parse(line) as ExportedLine).map((item) => [item.email, item]));
  };
  const statusChanges = async () => Number((await sql<{ count: string }>('select count(*) as count from status_changes'))[0].count);

  beforeAll(async () => {
    testApp = await createTestApp();
    const keys = testApp.app.get(ApiKeysFacade);
    importer = { Authorization: `Bearer ${(await keys.create('migration from sendgrid', ['subscribers'])).secret}` };
    campaignsOnly = { Authorization: `Bearer ${(await keys.create('campaign tool', ['campaigns'])).secret}` };
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('documents the CSV body of the import and the streamed files of the export in Swagger', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, any>> };
    const exported = document.paths['/api/v1/suppressions/export'].get;
    expect(Object.keys(exported.responses['200'].content)).toEqual(['text/csv', 'application/x-ndjson']);
    expect(exported.responses['200'].headers).toHaveProperty('Content-Disposition');
    expect(exported.parameters.map((parameter: { name: string }) => parameter.name)).toEqual([
      'email',
      'domain',
      'status',
      'reason',
      'origin',
      'from',
      'to',
      'format',
    ]);
    const imported = document.paths['/api/v1/suppressions/import'].post;
    expect(imported.requestBody.content['text/csv'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(Object.keys(imported.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415']));
  });

  describe('GET /api/v1/suppressions/export', () => {
    beforeEach(async () => {
      await bounce('hard@example.com', 'hard');
      await bounce('angry@example.org', 'complaint');
      await bounce('other@example.com', 'complaint');
      await importFile('email,created\r\nleaver@example.com,1763744400\r\n').expect(200);
    });

    it('streams the filtered list as a CSV attachment: a header row, then a row each', async () => {
      const response = await http().get('/api/v1/suppressions/export?format=csv&domain=example.com&status=unsubscribed').set(auth).buffer(true).expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="suppressions.csv"');
      const lines = response.text.split('\r\n');
      expect(lines[0]).toBe('email,status,reason,origin,note,suppressed_at');
      expect(lines.pop()).toBe('');
      expect(lines.slice(1).map((line) => line.split(',').slice(0, 5))).toEqual(
        expect.arrayContaining([
          ['other@example.com', 'unsubscribed', 'complaint', 'complaint', ''],
          ['leaver@example.com', 'unsubscribed', 'import', 'import', 'SendGrid unsubscribe: 1763744400'],
        ]),
      );
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it('streams the filtered list as NDJSON: one object a line', async () => {
      const response = await http()
        .get('/api/v1/suppressions/export?format=ndjson&origin=bounce,complaint&reason=hard-bounce')
        .set(auth)
        .buffer(true)
        .expect(200);
      expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="suppressions.ndjson"');
      const lines = response.text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((line) => JSON.parse(line))).toEqual([
        { email: 'hard@example.com', status: 'bounced', reason: 'hard-bounce', origin: 'bounce', note: null, suppressed_at: expect.stringMatching(/Z$/) },
      ]);
    });

    it('exports CSV when no format is asked for, and only the header when nothing matches', async () => {
      const response = await http().get('/api/v1/suppressions/export?email=nobody@example.com').set(auth).buffer(true).expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.text).toBe('email,status,reason,origin,note,suppressed_at\r\n');
    });

    it('exports only what was suppressed in [from, to)', async () => {
      const inFuture = await http().get('/api/v1/suppressions/export?format=ndjson&from=2999-01-01T00:00:00Z').set(auth).buffer(true).expect(200);
      expect(inFuture.text).toBe('');
      const untilNow = await http()
        .get(`/api/v1/suppressions/export?format=ndjson&to=${new Date(Date.now() + 60_000).toISOString()}`)
        .set(auth)
        .buffer(true)
        .expect(200);
      expect(untilNow.text.split('\n').filter(Boolean)).toHaveLength(4);
    });

    it.each([
      ['format=xml', 'format'],
      ['status=active', 'status'],
      ['origin=webhook', 'origin'],
      ['from=yesterday', 'from'],
      ['to=2026-02-30T00:00:00Z', 'to'],
      ['domain=', 'domain'],
    ])('answers 400 naming the parameter for %s', async (query, field) => {
      const response = await http().get(`/api/v1/suppressions/export?${query}`).set(auth).expect(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', details: [expect.objectContaining({ field })] } });
    });

    it('answers 401 without a key and 403 for a key without the subscribers permission', async () => {
      await http().get('/api/v1/suppressions/export').expect(401);
      const response = await http().get('/api/v1/suppressions/export').set(campaignsOnly).expect(403);
      expect(response.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    });
  });

  describe('POST /api/v1/suppressions/import', () => {
    it.each([
      ['ses-suppressed-destinations.csv', 'ses', { 'nosuchuser@example.net': 'bounced', 'spam-clicker@example.org': 'unsubscribed' }],
      ['mailgun-bounces.csv', 'mailgun-bounces', { 'gone.user@example.net': 'bounced', 'disabled.box@example.org': 'bounced' }],
      ['mailgun-unsubscribes.csv', 'mailgun-unsubscribes', { 'leaver@example.net': 'unsubscribed', 'newsletter.only@example.org': 'unsubscribed' }],
      ['mailgun-complaints.csv', 'mailgun-complaints', { 'reported.us@example.net': 'unsubscribed' }],
      ['sendgrid-bounces.csv', 'sendgrid-bounces', { 'unknown.user@example.com': 'bounced', 'closed.account@example.org': 'bounced' }],
      ['sendgrid-blocks.csv', 'sendgrid-bounces', { 'blocked.recipient@example.net': 'bounced' }],
      ['sendgrid-spam-reports.csv', 'sendgrid-spam-reports', { 'marked.spam@example.com': 'unsubscribed' }],
      ['sendgrid-unsubscribes.csv', 'sendgrid-unsubscribes', { 'opted.out@example.com': 'unsubscribed' }],
      [
        'postmark-suppressions.csv',
        'postmark',
        { 'hard.bounced@example.com': 'bounced', 'complainer@example.com': 'unsubscribed', 'do.not.mail@example.com': 'unsubscribed' },
      ],
    ])('imports %s (%s): each address suppressed with origin import and the provider’s reason in its note', async (file, format, expected) => {
      const response = await importFile(fixture(file)).expect(200);
      const count = Object.keys(expected).length;
      expect(response.body).toEqual({ success: true, data: { format, rows: count, added: count, already_suppressed: 0, invalid: 0, invalid_rows: [] } });
      const list = await listed();
      expect(Object.fromEntries([...list.values()].map((item) => [item.email, item.status]))).toEqual(expected);
      for (const item of list.values()) {
        expect(item).toMatchObject({ origin: 'import', reason: 'import' });
        expect(item.note).toMatch(/^(SES|Mailgun|SendGrid|Postmark)/);
      }
      const actors = await sql<{ actor: string; reason: string }>('select distinct actor, reason from status_changes');
      expect(actors).toEqual([{ actor: 'migration from sendgrid', reason: 'import' }]);
    });

    it('keeps the valid rows of a half-valid file and names each invalid one by its line', async () => {
      const response = await importFile(fixture('sendgrid-invalid-emails.csv')).expect(200);
      expect(response.body.data).toEqual({
        format: 'sendgrid-invalid-emails',
        rows: 2,
        added: 1,
        already_suppressed: 0,
        invalid: 1,
        invalid_rows: [{ line: 3, reason: '"no-at-sign.example.com" is not a valid e-mail address' }],
      });

      const mixed = [
        'address,code,error,created_at',
        'first@example.com,550,"User unknown,\nsee the second line","Thu, 12 Nov 2026 10:15:43 UTC"',
        '@example.com,550,No local part,',
        '',
        'second@example.com,550,Mailbox disabled,',
        ',550,,',
        'third@example.com,550,"never closed,',
        'fourth@example.com,550,swallowed by the quote,',
      ].join('\n');
      const half = await importFile(mixed).expect(200);
      expect(half.body.data).toEqual({
        format: 'mailgun-bounces',
        rows: 5,
        added: 2,
        already_suppressed: 0,
        invalid: 3,
        invalid_rows: [
          { line: 4, reason: '"@example.com" is not a valid e-mail address' },
          { line: 7, reason: 'the address is empty' },
          { line: 8, reason: 'not readable as CSV: a quote opened on this line is never closed: the rest of the file is one cell' },
        ],
      });
      const list = await listed();
      expect([...list.keys()].sort()).toEqual(['first@example.com', 'second@example.com', 'typo@gmial.com']);
      expect(list.get('first@example.com')?.note).toBe('Mailgun bounce: 550, User unknown,\nsee the second line, Thu, 12 Nov 2026 10:15:43 UTC');
    });

    it('adds nothing when the same file is imported again: every row already suppressed', async () => {
      await importFile(fixture('postmark-suppressions.csv')).expect(200);
      const changes = await statusChanges();
      const again = await importFile(fixture('postmark-suppressions.csv')).expect(200);
      expect(again.body.data).toEqual({ format: 'postmark', rows: 3, added: 0, already_suppressed: 3, invalid: 0, invalid_rows: [] });
      expect(await statusChanges()).toBe(changes);
    });

    it('takes an export back whole: every address, status and note, spreadsheet guards and quotes undone', async () => {
      await importFile(fixture('sendgrid-bounces.csv')).expect(200);
      await importFile(fixture('mailgun-unsubscribes.csv')).expect(200);
      await bounce('policy@example.com', 'hard');
      await importFile('email,status,origin,note\r\nformula@example.com,unsubscribed,manual,"=HYPERLINK(""http://evil.example""),\r\nsecond line"\r\n').expect(
        200,
      );
      const before = await listed();
      const exported = await http().get('/api/v1/suppressions/export?format=csv').set(auth).buffer(true).expect(200);
      expect(exported.text).toContain('"\'=HYPERLINK(');

      await sql(EMPTY_DATA_TABLES);
      const response = await importFile(exported.text).expect(200);
      expect(response.body.data).toEqual({ format: 'mailpass', rows: before.size, added: before.size, already_suppressed: 0, invalid: 0, invalid_rows: [] });
      const after = await listed();
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [email, item] of before) {
        expect({ email, status: after.get(email)?.status, note: after.get(email)?.note }).toEqual({ email, status: item.status, note: item.note });
      }
      expect(after.get('formula@example.com')?.note).toBe('=HYPERLINK("http://evil.example"),\r\nsecond line');
    });

    it('answers 400 naming the columns it expected for a header it does not recognise, storing nothing', async () => {
      const response = await importFile('First Name,Last Name,E-mail\r\nAnn,Smith,ann@example.com\r\n').expect(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', details: [{ field: 'header' }] } });
      expect(response.body.error.message).toContain('"First Name", "Last Name", "E-mail"');
      expect(response.body.error.message).toContain('EmailAddress, Reason, LastUpdateTime');
      expect(response.body.error.message).toContain('address, code, error, created_at');
      expect(response.body.error.message).toContain('email, created, ip');
      expect(response.body.error.message).toContain('EmailAddress, SuppressionReason, Origin, CreatedAt');
      expect(await statusChanges()).toBe(0);
      expect((await listed()).size).toBe(0);
    });

    it('answers 400 for an empty body', async () => {
      const response = await importFile('').expect(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    });

    it('answers 413 for a file of 50 MB and 1 byte, storing nothing of it', async () => {
      const body = Buffer.alloc(MAX_IMPORT_BYTES + 1, '\n');
      body.write('email,created\nfirst@example.com,1\n');
      const response = await importFile(body).expect(413);
      expect(response.body).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(await statusChanges()).toBe(0);
    });

    it('answers 413 for a chunked body over 50 MB, storing nothing of it', async () => {
      const chunk = Buffer.alloc(1024 * 1024, '\n');
      const pending = http().post('/api/v1/suppressions/import').set(importer).set('Content-Type', 'text/csv');
      pending.write('email,created\nfirst@example.com,1\n');
      for (let sent = 0; sent <= MAX_IMPORT_BYTES; sent += chunk.length) pending.write(chunk);
      const response = await pending;
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(await statusChanges()).toBe(0);
    });

    it('imports a chunked body within the limit', async () => {
      const pending = http().post('/api/v1/suppressions/import').set(importer).set('Content-Type', 'text/csv');
      pending.write('email,created\r\nchunked');
      pending.write('@example.com,1\r\n');
      const response = await pending;
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ format: 'sendgrid-unsubscribes', added: 1 });
    });

    it('answers 415 for a JSON body', async () => {
      const response = await http().post('/api/v1/suppressions/import').set(importer).send({ entries: [] }).expect(415);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    });

    it('answers 401 without a key and 403 for a key without the subscribers permission, storing nothing', async () => {
      await importFile(fixture('sendgrid-unsubscribes.csv'), {}).expect(401);
      await importFile(fixture('sendgrid-unsubscribes.csv'), campaignsOnly).expect(403);
      expect(await statusChanges()).toBe(0);
    });

    it('leaves the JSON routes their own body limit', async () => {
      const response = await http()
        .post('/api/v1/suppressions/check')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ emails: ['a@example.com'], padding: 'x'.repeat(2 * 1024 * 1024) }))
        .expect(413);
      expect(response.body).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    });
  });
});
