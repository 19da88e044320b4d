/**
 * Raw messages that attack a bounce mailbox's reader: MIME bombs, huge or countless headers,
 * broken transfer encodings and charsets, NUL bytes and invalid UTF-8, a DSN naming 10,000
 * recipients, and messages at the size limit. Each is built as bytes (a mail server hands
 * bytes over, not text), lazily: some are megabytes.
 */

import { MAX_INBOUND_MAIL_BYTES } from '../../libs/bounce-handling/src/inbound/adapters/http/inbound-mail.controller';
import { MAX_REPORTS_PER_MESSAGE } from '../../libs/bounce-handling/src/inbound/domain/inbound-report';

/** The bodies the inbound-mail endpoint takes (at most 10 MB; 413 above), and the reader's cap on reports per message. */
export { MAX_INBOUND_MAIL_BYTES, MAX_REPORTS_PER_MESSAGE };

const CRLF = '\r\n';
const lines = (...parts: readonly string[]): string => `${parts.join(CRLF)}${CRLF}`;
const bytes = (...parts: ReadonlyArray<string | Buffer>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));

/** The headers of a DSN from a mail server, with `extra` fields before the MIME ones. */
function dsnHeaders(id: string, boundary: string, extra: readonly string[] = []): string {
  return lines(
    'Return-Path: <>',
    'From: MAILER-DAEMON@mx.hostile.example (Mail Delivery System)',
    'To: bounces@mail.example.net',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <${id}@mx.hostile.example>`,
    ...extra,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
  );
}

/** One recipient's block of a `message/delivery-status` part. */
export function dsnRecipient(email: string, status = '5.1.1'): string {
  return lines(
    `Final-Recipient: rfc822; ${email}`,
    'Action: failed',
    `Status: ${status}`,
    'Remote-MTA: dns; mx.example.com',
    `Diagnostic-Code: smtp; 550 ${status} <${email}>: Recipient address rejected: User unknown`,
  );
}

/** A well-formed DSN for `recipients`; `options.close: false` leaves its last boundary unclosed. */
export function dsn(id: string, recipients: readonly string[], options: { boundary?: string; close?: boolean; returned?: string } = {}): Buffer {
  const boundary = options.boundary ?? `hostile-${id}`;
  return bytes(
    dsnHeaders(id, boundary),
    CRLF,
    lines(`--${boundary}`, 'Content-Type: text/plain; charset=us-ascii', '', 'Your message could not be delivered.', ''),
    lines(`--${boundary}`, 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.hostile.example', ''),
    recipients.map((email) => dsnRecipient(email)).join(CRLF),
    CRLF,
    lines(
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      'From: news@mail.example.net',
      `Message-ID: <original-${id}@mail.example.net>`,
      options.returned ?? '',
    ),
    options.close === false ? '' : lines(`--${boundary}--`),
  );
}

/** Multipart parts nested `depth` deep, each closed in turn (a MIME bomb by depth). */
export function nestedMultipart(depth: number): Buffer {
  const open: string[] = [lines('From: bomb@hostile.example', 'Message-ID: <nested@hostile.example>', 'MIME-Version: 1.0')];
  for (let level = 0; level < depth; level += 1) open.push(`Content-Type: multipart/mixed; boundary="n${level}"${CRLF}${CRLF}--n${level}${CRLF}`);
  const inner = lines('Content-Type: message/delivery-status', '', dsnRecipient('nested@example.com'));
  const close: string[] = [];
  for (let level = depth - 1; level >= 0; level -= 1) close.push(`--n${level}--${CRLF}`);
  return bytes(open.join(''), inner, close.join(''));
}

/** One multipart message of `count` parts: every other one a delivery status naming its own recipient. */
export function manyParts(count: number): Buffer {
  const boundary = 'many';
  const parts: string[] = [];
  for (let n = 0; n < count; n += 1) {
    parts.push(
      n % 2 === 0
        ? lines(`--${boundary}`, 'Content-Type: message/delivery-status', '', dsnRecipient(`part-${n}@example.com`))
        : lines(`--${boundary}`, 'Content-Type: text/plain', '', `part ${n}`),
    );
  }
  return bytes(dsnHeaders('many-parts', boundary), CRLF, parts.join(''), lines(`--${boundary}--`));
}

/** A message whose single header line is `size` bytes long. */
export function hugeHeaderLine(size: number): Buffer {
  return bytes(lines('From: huge@hostile.example', 'Message-ID: <huge-header@hostile.example>'), 'Subject: ', 'x'.repeat(size), CRLF, CRLF, 'body', CRLF);
}

/** A message of `count` header fields. */
export function manyHeaderFields(count: number): Buffer {
  const fields: string[] = [];
  for (let n = 0; n < count; n += 1) fields.push(`X-Filler-${n}: ${n}`);
  return bytes(lines('From: many@hostile.example', 'Message-ID: <many-headers@hostile.example>'), lines(...fields), CRLF, 'body', CRLF);
}

/** A DSN whose report part is sent with `headers` (encoding, charset) and `content` as given. */
function dsnWithReportPart(id: string, headers: readonly string[], content: string | Buffer): Buffer {
  const boundary = `enc-${id}`;
  return bytes(
    dsnHeaders(id, boundary),
    CRLF,
    lines(`--${boundary}`, 'Content-Type: message/delivery-status', ...headers, ''),
    content,
    CRLF,
    lines(`--${boundary}--`),
  );
}

const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]);

/**
 * Malformed messages of bounded size, by name. The endpoint answers each with a 4xx, or with
 * 200 and at most `MAX_REPORTS_PER_MESSAGE` reports; never a 5xx.
 */
export const HOSTILE_MAIL: ReadonlyArray<readonly [name: string, build: () => Buffer]> = [
  ['multipart nested 10,000 deep', () => nestedMultipart(10_000)],
  ['multipart nested 25 deep (just over a reader bound of 24)', () => nestedMultipart(25)],
  ['5,000 parts', () => manyParts(5_000)],
  ['a boundary of 70 characters (the RFC 2046 maximum)', () => dsn('boundary-70', ['boundary70@example.com'], { boundary: 'b'.repeat(70) })],
  ['a boundary of 200 characters', () => dsn('boundary-200', ['boundary200@example.com'], { boundary: `${'='.repeat(10)}${'b'.repeat(190)}` })],
  ['a boundary of 100,000 characters', () => dsn('boundary-100k', ['boundary100k@example.com'], { boundary: 'b'.repeat(100_000) })],
  ['a boundary never closed', () => dsn('unclosed', ['unclosed@example.com'], { close: false })],
  [
    'a multipart whose boundary never appears',
    () => bytes(dsnHeaders('no-boundary', 'never-there'), CRLF, lines('Content-Type: message/delivery-status', '', dsnRecipient('nobound@example.com'))),
  ],
  [
    'an empty boundary',
    () => bytes(lines('Message-ID: <empty-boundary@hostile.example>', 'Content-Type: multipart/report; boundary=""', '', '--', '', 'x', '----')),
  ],
  ['a header line of 2 MB', () => hugeHeaderLine(2 * 1024 * 1024)],
  ['100,000 header fields', () => manyHeaderFields(100_000)],
  [
    'a header folded over 100,000 lines',
    () => bytes('Subject: a', `${CRLF} b`.repeat(100_000), CRLF, lines('Message-ID: <folded@hostile.example>', '', 'body')),
  ],
  [
    'a report part in broken base64',
    () => dsnWithReportPart('bad-base64', ['Content-Transfer-Encoding: base64'], '!!!not*base64@@@=\r\nRmluYWwtUmVjaXBpZW50O===\r\n='),
  ],
  [
    'a report part in truncated base64',
    () =>
      dsnWithReportPart(
        'truncated-base64',
        ['Content-Transfer-Encoding: base64'],
        Buffer.from(dsnRecipient('b64@example.com')).toString('base64').slice(0, 37),
      ),
  ],
  [
    'a report part in broken quoted-printable',
    () =>
      dsnWithReportPart(
        'bad-qp',
        ['Content-Transfer-Encoding: quoted-printable'],
        `Final-Recipient: rfc822; qp=ZZ@example.com=\r\nAction: fai=\r\nled=\r\n=G1=\r\nStatus: 5.1.=`,
      ),
  ],
  [
    'a report part in an unknown transfer encoding',
    () => dsnWithReportPart('x-enc', ['Content-Transfer-Encoding: x-uuencode-42'], dsnRecipient('xenc@example.com')),
  ],
  [
    'a report part in an unknown charset',
    () => dsnWithReportPart('x-charset', ['Content-Type: message/delivery-status; charset=x-unknown-42'], dsnRecipient('charset@example.com')),
  ],
  ['a report part in UTF-16 without a byte order mark', () => dsnWithReportPart('utf16', [], Buffer.from(dsnRecipient('utf16@example.com'), 'utf16le'))],
  [
    'encoded words with unknown charsets and broken encodings',
    () =>
      bytes(
        lines(
          'From: =?x-unknown-42?B?!!!?= <enc@hostile.example>',
          'Subject: =?utf-8?Q?=ZZ=?= =?utf-8?B?////?= =?iso-2022-jp?B?GyRCJCIbKEI?= =??=',
          'Message-ID: <encoded-words@hostile.example>',
          '',
          'body',
        ),
      ),
  ],
  [
    'NUL bytes in headers, recipients and the report',
    () =>
      bytes(
        dsn('nul', ['nul\u0000@example.com', 'n\u0000ul2@example.com']).toString('latin1').replace('Subject: ', 'Subject: \u0000\u0000'),
        '\u0000'.repeat(100),
      ),
  ],
  [
    'invalid UTF-8 in headers, recipients and the report',
    () =>
      bytes(
        'X-Bad: ',
        INVALID_UTF8,
        CRLF,
        dsnHeaders('invalid-utf8', 'u8'),
        CRLF,
        lines('--u8', 'Content-Type: message/delivery-status; charset=utf-8', ''),
        'Final-Recipient: rfc822; bad',
        INVALID_UTF8,
        '@example.com',
        CRLF,
        'Action: failed',
        CRLF,
        'Status: 5.1.1',
        CRLF,
        'Diagnostic-Code: smtp; 550 ',
        INVALID_UTF8,
        CRLF,
        CRLF,
        lines('--u8--'),
      ),
  ],
  ['bytes of every value', () => Buffer.from(Array.from({ length: 64 * 1024 }, (_, n) => (n * 7919 + (n >> 8)) % 256))],
  ['line ends of CR only', () => Buffer.from(dsn('cr-only', ['cr@example.com']).toString('latin1').replace(/\r\n/g, '\r'), 'latin1')],
  ['line ends of LF only', () => Buffer.from(dsn('lf-only', ['lf@example.com']).toString('latin1').replace(/\r\n/g, '\n'), 'latin1')],
  ['headers without a body or a blank line', () => Buffer.from('Message-ID: <no-body@hostile.example>\r\nFrom: a@example.com')],
  ['blank lines only', () => Buffer.from('\r\n'.repeat(10_000))],
  ['a recipient address of 100,000 characters', () => dsn('long-address', [`${'a'.repeat(100_000)}@example.com`])],
  ['a Message-ID of 100,000 characters', () => dsn(`${'m'.repeat(100_000)}`, ['longid@example.com'])],
  [
    'a returned message of 100,000 header lines',
    () => dsn('returned-headers', ['returned@example.com'], { returned: Array.from({ length: 100_000 }, (_, n) => `X-R-${n}: v`).join(CRLF) }),
  ],
];

/** A DSN naming `count` distinct recipients (`<prefix>-<n>@example.com`), in one delivery-status part. */
export function dsnNaming(count: number, prefix: string): Buffer {
  return dsn(
    `${prefix}-${count}`,
    Array.from({ length: count }, (_, n) => `${prefix}-${n}@example.com`),
  );
}

/** A valid DSN padded (in its returned headers) to exactly `size` bytes. */
export function dsnOfSize(size: number, id: string): Buffer {
  const base = dsn(id, [`${id}@example.com`], { returned: 'X-Padding: ' });
  const padding = size - base.length;
  if (padding < 0) throw new Error(`a DSN cannot be ${size} bytes`);
  // Folded into lines of 998 characters, as RFC 5322 allows, so that no single line is huge.
  const folded = Buffer.alloc(padding, 'p');
  for (let at = 998; at + 2 < padding; at += 1000) folded.write('\r\n ', at - 1, 'latin1');
  const result = dsn(id, [`${id}@example.com`], { returned: `X-Padding: ${folded.toString('latin1')}` });
  if (result.length !== size) throw new Error(`dsnOfSize: ${result.length} bytes instead of ${size}`);
  return result;
}
