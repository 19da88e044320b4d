import request from 'supertest';
import { ApiKeysFacade } from '../libs/bounce-handling/src';
import { snapshotTables } from './support/hostile-snapshot';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

jest.setTimeout(60_000);

/** A message as a mail server hands it over: CRLF line ends. */
const mail = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n`;

/** Postfix's DSN for one unknown user, returning the original's headers (with its campaign). */
function postfixDsn(recipient: string, options: { messageId?: string; campaignId?: string; status?: string; diagnostic?: string } = {}): string {
  const status = options.status ?? '5.1.1';
  const diagnostic = options.diagnostic ?? `smtp; 550 5.1.1 <${recipient}>: Recipient address rejected: User unknown in virtual mailbox table`;
  return mail([
    'Return-Path: <>',
    'From: MAILER-DAEMON@mx.mail.example.net (Mail Delivery System)',
    'To: bounces@mail.example.net',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-Id: <${options.messageId ?? `dsn-${recipient}`}@mx.mail.example.net>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="8A1B2C3D.1764756900/mx.mail.example.net"',
    '',
    '--8A1B2C3D.1764756900/mx.mail.example.net',
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.mail.example.net.',
    '',
    "I'm sorry to have to inform you that your message could not",
    'be delivered to one or more recipients.',
    '',
    '--8A1B2C3D.1764756900/mx.mail.example.net',
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.mail.example.net',
    'X-Postfix-Queue-ID: 8A1B2C3D',
    'Arrival-Date: Thu,  3 Dec 2026 10:14:58 +0000 (UTC)',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822;${recipient}`,
    'Action: failed',
    `Status: ${status}`,
    'Remote-MTA: dns; mx1.example.com',
    `Diagnostic-Code: ${diagnostic}`,
    '',
    '--8A1B2C3D.1764756900/mx.mail.example.net',
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    'From: Newsletter <news@mail.example.net>',
    `To: ${recipient}`,
    'Subject: December news',
    `Message-ID: <original-${recipient}@mail.example.net>`,
    ...(options.campaignId ? [`X-Campaign-Id: ${options.campaignId}`] : []),
    '',
    '--8A1B2C3D.1764756900/mx.mail.example.net--',
  ]);
}

/** A Yahoo-shaped ARF feedback report of abuse by `recipient`. */
function arfReport(recipient: string, feedbackType = 'abuse'): string {
  return mail([
    'From: feedback@arf.mail.yahoo.com',
    'To: fbl@mail.example.net',
    'Subject: FW: December news',
    `Message-ID: <arf-${feedbackType}-${recipient}@arf.mail.yahoo.com>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"',
    '',
    '--arf',
    'Content-Type: text/plain; charset="US-ASCII"',
    '',
    'This is an email abuse report for an email message received from IP 198.51.100.7.',
    '',
    '--arf',
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${feedbackType}`,
    'User-Agent: Yahoo!-Mail-Feedback/2.0',
    'Version: 1',
    `Original-Rcpt-To: ${recipient}`,
    'Original-Mail-From: <bounces@mail.example.net>',
    'Arrival-Date: Thu, 03 Dec 2026 10:20:00 +0000',
    '',
    '--arf',
    'Content-Type: message/rfc822',
    '',
    'From: Newsletter <news@mail.example.net>',
    `To: ${recipient}`,
    'Subject: December news',
    'Message-ID: <original-arf@mail.example.net>',
    'X-Campaign-Id: dec-2026',
    '',
    'Hello',
    '--arf--',
  ]);
}

const OUT_OF_OFFICE = mail([
  'From: Carol <carol@example.com>',
  'To: news@mail.example.net',
  'Subject: Automatic reply: December news',
  'Message-ID: <ooo-carol@example.com>',
  'Auto-Submitted: auto-replied',
  'X-Autoreply: yes',
  '',
  'I am out of the office until January.',
]);

const PLAIN_MESSAGE = mail([
  'From: dave@example.com',
  'To: news@mail.example.net',
  'Subject: Re: December news',
  'Message-ID: <reply-dave@example.com>',
  '',
  'Thanks!',
]);

describe('Raw bounce mail: POST /api/v1/inbound/mail (e2e)', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const post = (body: string | Buffer, contentType = 'message/rfc822', query = '') =>
    http().post(`/api/v1/inbound/mail${query}`).set('X-API-Key', TEST_API_KEY).set('Content-Type', contentType).send(body);
  const subscribe = async (email: string) => expect((await http().post('/api/v1/subscribers').set('X-API-Key', TEST_API_KEY).send({ email })).status).toBe(201);
  const statusOf = async (email: string) => (await testApp.sql<{ status: string }>('select status from subscribers where email = ?', [email]))[0]?.status;

  beforeAll(async () => {
    testApp = await createTestApp({ INBOUND_VERP_PREFIX: 'bounces' });
  });

  afterEach(() => testApp.sql(EMPTY_DATA_TABLES));

  afterAll(() => testApp.close());

  it('reads a DSN, stores its bounce with source inbound and its campaign, suppresses the unknown user, and answers as the contract says', async () => {
    await subscribe('alice@example.com');
    const response = await post(postfixDsn('alice@example.com', { campaignId: 'dec-2026' }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: {
        received: 1,
        recorded: 1,
        duplicates: 0,
        ignored: 0,
        reports: [
          {
            email: 'alice@example.com',
            kind: 'bounce',
            bounce_type: 'hard',
            reason: 'user_unknown',
            category: 'recipient',
            status: '5.1.1',
            diagnostic_code: 'smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
            remote_mta: 'mx1.example.com',
          },
        ],
      },
    });
    expect(await statusOf('alice@example.com')).toBe('bounced');
    expect(
      await testApp.sql('select source, bounce_type, reason, category, status, remote_mta, campaign_id, provider_message_id, provider_event_id from bounces'),
    ).toEqual([
      {
        source: 'inbound',
        bounce_type: 'hard',
        reason: 'user_unknown',
        category: 'recipient',
        status: '5.1.1',
        remote_mta: 'mx1.example.com',
        campaign_id: 'dec-2026',
        provider_message_id: 'original-alice@example.com@mail.example.net',
        provider_event_id: 'dsn-alice@example.com@mx.mail.example.net:alice@example.com',
      },
    ]);
  });

  it('keeps the beginning of the raw message with the bounce, bounded', async () => {
    const padding = 'X-Padding: ' + 'p'.repeat(900);
    const big = postfixDsn('big@example.com').replace('Return-Path: <>', ['Return-Path: <>', ...Array.from({ length: 40 }, () => padding)].join('\r\n'));
    expect((await post(big)).body.data.recorded).toBe(1);
    const [row] = await testApp.sql<{ raw_payload: { message: string; bytes: number; truncated: boolean } }>('select raw_payload from bounces');
    expect(row.raw_payload.message.startsWith('Return-Path: <>')).toBe(true);
    expect(row.raw_payload.truncated).toBe(true);
    expect(row.raw_payload.bytes).toBe(Buffer.byteLength(big));
    expect(Buffer.byteLength(row.raw_payload.message)).toBeLessThanOrEqual(16 * 1024);
  });

  it('records a re-delivered message once: the second post answers a duplicate and changes nothing', async () => {
    await subscribe('again@example.com');
    expect((await post(postfixDsn('again@example.com'))).body.data).toMatchObject({ recorded: 1, duplicates: 0 });
    const before = await snapshotTables(testApp);
    expect((await post(postfixDsn('again@example.com'))).body.data).toMatchObject({ received: 1, recorded: 0, duplicates: 1, ignored: 0 });
    expect(await snapshotTables(testApp)).toEqual(before);
  });

  it('answers each of many concurrent messages with its own receipt, storing every report once (they share transactions)', async () => {
    const addresses = Array.from({ length: 12 }, (_, n) => `crowd${n}@example.com`);
    for (const email of addresses) await subscribe(email);
    // 36 posts: each address's DSN three times (a mail server retrying), all at once.
    const posts = addresses.flatMap((email) => [0, 1, 2].map(() => post(postfixDsn(email))));
    const answers = await Promise.all(posts);
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    for (const email of addresses) {
      const mine = answers.filter((answer) => answer.body.data.reports[0]?.email === email).map((answer) => answer.body.data);
      expect(mine.map(({ recorded, duplicates }) => [recorded, duplicates]).sort()).toEqual([
        [0, 1],
        [0, 1],
        [1, 0],
      ]);
      expect(await statusOf(email)).toBe('bounced');
    }
    expect(await testApp.sql('select count(*)::int as bounces, count(distinct email)::int as addresses from bounces')).toEqual([
      { bounces: 12, addresses: 12 },
    ]);
  });

  it('classifies without storing on ?dry_run=true', async () => {
    await subscribe('dry@example.com');
    const before = await snapshotTables(testApp);
    const response = await post(postfixDsn('dry@example.com'), 'message/rfc822', '?dry_run=true');
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      received: 1,
      recorded: 0,
      duplicates: 0,
      ignored: 1,
      reports: [{ email: 'dry@example.com', kind: 'bounce', reason: 'user_unknown' }],
    });
    expect(await snapshotTables(testApp)).toEqual(before);
  });

  it('records a refusal of the sender in a DSN and leaves the recipient active and mailable', async () => {
    await subscribe('listed@example.com');
    const response = await post(
      postfixDsn('listed@example.com', {
        status: '5.7.1',
        diagnostic: 'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
      }),
    );
    expect(response.body.data.reports[0]).toMatchObject({ kind: 'bounce', bounce_type: 'soft', category: 'sender', reason: 'blocked' });
    expect(response.body.data.recorded).toBe(1);
    expect(await statusOf('listed@example.com')).toBe('active');
  });

  it('reads an ARF abuse report as a complaint that unsubscribes the person, attributed to the returned campaign', async () => {
    await subscribe('angry@example.com');
    const response = await post(arfReport('angry@example.com'));
    expect(response.body.data).toMatchObject({
      received: 1,
      recorded: 1,
      reports: [{ email: 'angry@example.com', kind: 'complaint', bounce_type: 'complaint', reason: 'complaint', category: 'complaint' }],
    });
    expect(await statusOf('angry@example.com')).toBe('unsubscribed');
    expect(await testApp.sql('select bounce_type, campaign_id from bounces')).toEqual([{ bounce_type: 'complaint', campaign_id: 'dec-2026' }]);
  });

  it('acknowledges a not-spam feedback report, an auto-reply and a plain message without storing anything', async () => {
    await subscribe('carol@example.com');
    const before = await snapshotTables(testApp);
    expect((await post(arfReport('fine@example.com', 'not-spam'))).body.data).toMatchObject({ recorded: 0, reports: [] });
    const autoReply = await post(OUT_OF_OFFICE);
    expect(autoReply.status).toBe(200);
    expect(autoReply.body.data).toEqual({
      received: 1,
      recorded: 0,
      duplicates: 0,
      ignored: 1,
      reports: [
        {
          email: 'carol@example.com',
          kind: 'auto_reply',
          bounce_type: null,
          reason: null,
          category: null,
          status: null,
          diagnostic_code: null,
          remote_mta: null,
        },
      ],
    });
    expect((await post(PLAIN_MESSAGE, 'text/plain')).body).toEqual({
      success: true,
      data: { received: 0, recorded: 0, duplicates: 0, ignored: 0, reports: [] },
    });
    expect(await snapshotTables(testApp)).toEqual(before);
    expect(await statusOf('carol@example.com')).toBe('active');
  });

  it('names the recipient from a VERP return path when the bounce does not', async () => {
    await subscribe('verp.user@example.org');
    const poor = mail([
      'From: MAILER-DAEMON@relay.example.org',
      'To: bounces+verp.user=example.org@mail.example.net',
      'Delivered-To: bounces+verp.user=example.org@mail.example.net',
      'Subject: failure notice',
      'Message-ID: <poor-verp@relay.example.org>',
      '',
      'Hi. This is the qmail-send program at relay.example.org.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      '<forward@example.org>:',
      'Sorry, no mailbox here by that name. (#5.1.1)',
    ]);
    const response = await post(poor, 'application/octet-stream');
    expect(response.body.data.reports).toEqual([expect.objectContaining({ email: 'verp.user@example.org', kind: 'bounce', bounce_type: 'hard' })]);
    expect(await statusOf('verp.user@example.org')).toBe('bounced');
  });

  describe('bad input: a clear 4xx in the error envelope, nothing stored or changed', () => {
    const expectRefused = async (response: request.Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(response.body).toEqual({ success: false, error: expect.objectContaining({ code, message: expect.any(String) }) });
    };

    it.each([
      ['a JSON body', () => post('{"email":"a@example.com"}', 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a form', () => post('a=b', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'an empty body',
        () => http().post('/api/v1/inbound/mail').set('X-API-Key', TEST_API_KEY).set('Content-Type', 'message/rfc822'),
        400,
        'VALIDATION_ERROR',
      ],
      ['dry_run=maybe', () => post(PLAIN_MESSAGE, 'message/rfc822', '?dry_run=maybe'), 400, 'VALIDATION_ERROR'],
      ['an unknown parameter', () => post(PLAIN_MESSAGE, 'message/rfc822', '?dryrun=true'), 400, 'VALIDATION_ERROR'],
      ['a message of more than 10 MB', () => post(Buffer.alloc(10 * 1024 * 1024 + 1, 'a')), 413, 'PAYLOAD_TOO_LARGE'],
      [
        'a MIME bomb nested 1,000 deep',
        () => {
          let bomb = '';
          for (let level = 0; level < 1000; level += 1) bomb += `Content-Type: multipart/mixed; boundary=b${level}\r\n\r\n--b${level}\r\n`;
          return post(bomb);
        },
        400,
        'VALIDATION_ERROR',
      ],
    ])('refuses %s', async (_case, send, status, code) => {
      await subscribe('kept@example.com');
      const before = await snapshotTables(testApp);
      await expectRefused(await send(), status, code);
      expect(await snapshotTables(testApp)).toEqual(before);
    });

    it('answers bytes that are no message at all with 200 and no reports, never 5xx', async () => {
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, n) => (n * 7919) % 256));
      const response = await post(garbage, 'application/octet-stream');
      expect(response.status).toBe(200);
      expect(response.body.data.reports).toEqual([]);
    });
  });

  it('needs the inbound permission: a key of subscribers only is refused 403', async () => {
    const { secret } = await testApp.app.get(ApiKeysFacade).create('subscribers only', ['subscribers']);
    const refused = await http().post('/api/v1/inbound/mail').set('X-API-Key', secret).set('Content-Type', 'message/rfc822').send(PLAIN_MESSAGE);
    expect(refused.status).toBe(403);
    const { secret: inbound } = await testApp.app.get(ApiKeysFacade).create('mail server', ['inbound']);
    const served = await http().post('/api/v1/inbound/mail').set('X-API-Key', inbound).set('Content-Type', 'message/rfc822').send(PLAIN_MESSAGE);
    expect(served.status).toBe(200);
  });

  it('is documented in Swagger with its content types, its dry_run parameter and its answer', async () => {
    const document = (await http().get('/docs-json')).body as {
      paths: Record<
        string,
        { post: { requestBody: { content: Record<string, unknown> }; parameters: { name: string }[]; responses: Record<string, unknown> } }
      >;
    };
    const operation = document.paths['/api/v1/inbound/mail'].post;
    expect(Object.keys(operation.requestBody.content).sort()).toEqual(['application/octet-stream', 'message/rfc822', 'text/plain']);
    expect(operation.parameters.map((parameter) => parameter.name)).toContain('dry_run');
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '429', '503']);
  });
});
