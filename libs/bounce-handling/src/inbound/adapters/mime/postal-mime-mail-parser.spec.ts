import { UnreadableMailError } from '../../domain/inbound.errors';
import {
  MAX_MAIL_ATTACHMENTS,
  MAX_MIME_HEADER_BYTES,
  MAX_MIME_NESTING_DEPTH,
  MAX_PARSED_MAIL_BYTES,
  PostalMimeMailParser,
} from './postal-mime-mail-parser.adapter';

const parser = new PostalMimeMailParser();
const bytes = (text: string): Uint8Array => Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');

const DSN = `From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
To: bounces@example.net
Subject: Undelivered Mail Returned to Sender
Message-Id: <20261203101500.1A2B3C@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="b1"

--b1
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; alice@example.com
Action: failed
Status: 5.1.1

--b1
Content-Type: message/rfc822

From: News <news@example.net>
To: alice@example.com
X-Campaign-Id: 42
Content-Type: text/plain

Hello Alice
--b1--
`;

describe('PostalMimeMailParser', () => {
  it('keeps the delivery status and the returned message as attachments, apart from the readable text', async () => {
    const message = await parser.parse(bytes(DSN));
    expect(message.headers).toContainEqual({ name: 'message-id', value: '<20261203101500.1A2B3C@mx.example.net>' });
    expect(message.text.trim()).toBe('Your message could not be delivered.');
    expect(message.attachments.map((part) => part.contentType)).toEqual(['message/delivery-status', 'message/rfc822']);
    expect(message.attachments[0].content).toContain('Final-Recipient: rfc822; alice@example.com');
    expect(message.attachments[1].content).toContain('X-Campaign-Id: 42');
  });

  it('unfolds header fields and names them in lower case', async () => {
    const message = await parser.parse(bytes('Subject: Delivery\n failure\nX-Thing: a\n\nbody\n'));
    expect(message.headers).toEqual([
      { name: 'subject', value: 'Delivery failure' },
      { name: 'x-thing', value: 'a' },
    ]);
  });

  it('reads the words of an HTML-only message as its text', async () => {
    const html =
      'Content-Type: text/html\n\n<html><body><p>Delivery has failed to <b>bob@example.com</b></p><p>550 5.1.10 RESOLVER.ADR.RecipientNotFound</p></body></html>\n';
    const message = await parser.parse(bytes(html));
    expect(message.text).toContain('Delivery has failed to bob@example.com');
    expect(message.text).toContain('550 5.1.10 RESOLVER.ADR.RecipientNotFound');
  });

  it('decodes a base64 report part', async () => {
    const status = Buffer.from('Final-Recipient: rfc822; bob@example.com\r\nAction: failed\r\n').toString('base64');
    const raw = `Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n${status}\n--x--\n`;
    const message = await parser.parse(bytes(raw));
    expect(message.attachments[0].content).toContain('Final-Recipient: rfc822; bob@example.com');
  });

  it(`refuses a message nested deeper than ${MAX_MIME_NESTING_DEPTH} parts as unreadable`, async () => {
    const depth = 200;
    let raw = '';
    for (let level = 0; level < depth; level += 1) raw += `Content-Type: multipart/mixed; boundary=b${level}\n\n--b${level}\n`;
    raw += 'Content-Type: text/plain\n\nbottom\n';
    for (let level = depth - 1; level >= 0; level -= 1) raw += `--b${level}--\n`;
    await expect(parser.parse(bytes(raw))).rejects.toBeInstanceOf(UnreadableMailError);
  });

  it(`refuses header fields of more than ${MAX_MIME_HEADER_BYTES / 1024} KB as unreadable`, async () => {
    const raw = `Subject: x\n${Array.from({ length: 20_000 }, (_, n) => `X-Filler-${n}: ${'a'.repeat(60)}`).join('\n')}\n\nbody\n`;
    await expect(parser.parse(bytes(raw))).rejects.toBeInstanceOf(UnreadableMailError);
  });

  it(`keeps the first ${MAX_MAIL_ATTACHMENTS} of thousands of parts`, async () => {
    const parts = Array.from({ length: 3000 }, (_, n) => `--p\nContent-Type: application/octet-stream\n\npart ${n}\n`).join('');
    const message = await parser.parse(bytes(`Content-Type: multipart/mixed; boundary=p\n\n${parts}--p--\n`));
    expect(message.attachments).toHaveLength(MAX_MAIL_ATTACHMENTS);
    expect(message.attachments[0].content.trim()).toBe('part 0');
  });

  it('decodes a quoted-printable report part', async () => {
    const raw =
      'Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: quoted-printable\n\nFinal-Recipient: rfc822; j=C3=BCrgen@example.com\nDiagnostic-Code: smtp; 550 a very long line that was =\nsoft-broken\n--x--\n';
    const message = await parser.parse(bytes(raw));
    expect(message.attachments[0].content).toContain('Final-Recipient: rfc822; jürgen@example.com');
    expect(message.attachments[0].content).toContain('a very long line that was soft-broken');
  });

  it(`reads the first ${MAX_PARSED_MAIL_BYTES / 1024} KB of a message and no more: the report comes before the returned message`, async () => {
    const boundary = 'Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n';
    const status = (recipient: string) => `--x\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; ${recipient}\n`;
    const filler = `--x\nContent-Type: text/plain\n\n${'\n'.repeat(MAX_PARSED_MAIL_BYTES)}`;
    const message = await parser.parse(bytes(`${boundary}${status('first@example.com')}${filler}${status('beyond@example.com')}--x--\n`));
    expect(message.attachments.map((part) => part.content)).toEqual([expect.stringContaining('first@example.com')]);
  });

  it('reads bytes that are no message at all as a message with no headers, never throwing anything else', async () => {
    const message = await parser.parse(Uint8Array.from([0, 255, 254, 10, 13, 0, 1, 2]));
    expect(message.attachments).toEqual([]);
  });
});
