import type { MailAttachment, MailHeader, MailMessage } from './mail-message';
import { readBounceMail } from './read-bounce-mail';

const VERP = { verpPrefix: 'bounces' };
const NO_VERP = { verpPrefix: null };

const fields = (record: Record<string, string>): MailHeader[] => Object.entries(record).map(([name, value]) => ({ name, value }));
const message = (headers: Record<string, string>, text: string, attachments: MailAttachment[] = []): MailMessage => ({
  headers: fields(headers),
  text,
  attachments,
});
const part = (contentType: string, content: string): MailAttachment => ({ contentType, content });

const DSN_HEADERS = {
  from: 'MAILER-DAEMON@mx.example.net (Mail Delivery System)',
  to: 'bounces+alice=example.com@mail.example.net',
  subject: 'Undelivered Mail Returned to Sender',
  'message-id': '<20261203101500.1A2B3C@mx.example.net>',
  'auto-submitted': 'auto-replied',
};
const RETURNED = part(
  'message/rfc822',
  'From: News <news@mail.example.net>\r\nTo: alice@example.com\r\nMessage-ID: <campaign-42.alice@mail.example.net>\r\nX-Campaign-Id: 42\r\n\r\nHello Alice\r\n',
);
const dsn = (...groups: string[]): MailAttachment => part('message/delivery-status', ['Reporting-MTA: dns; mx.example.net', ...groups].join('\n\n'));
const failed = (address: string, diagnostic = `smtp; 550 5.1.1 <${address}>: Recipient address rejected: User unknown`) =>
  `Final-Recipient: rfc822; ${address}\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.example.com\nDiagnostic-Code: ${diagnostic}`;

describe('readBounceMail', () => {
  it('reads a DSN: its ids, the campaign of the returned message, one bounce per failed recipient', () => {
    const reading = readBounceMail(message(DSN_HEADERS, 'Your message could not be delivered.', [dsn(failed('alice@example.com')), RETURNED]), NO_VERP);
    expect(reading).toEqual({
      messageId: '20261203101500.1A2B3C@mx.example.net',
      originalMessageId: 'campaign-42.alice@mail.example.net',
      campaignId: '42',
      reports: [
        {
          kind: 'bounce',
          email: expect.objectContaining({ value: 'alice@example.com' }),
          bounceType: 'hard',
          cause: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: 'mx.example.com' },
          diagnosticCode: 'smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown',
          feedbackType: null,
        },
      ],
    });
  });

  it('keeps a DSN a bounce though it carries Auto-Submitted: auto-replied', () => {
    const reading = readBounceMail(message(DSN_HEADERS, '', [dsn(failed('alice@example.com'))]), NO_VERP);
    expect(reading.reports.map((report) => report.kind)).toEqual(['bounce']);
  });

  it('makes one report per recipient of a DSN naming several, each keeping its own address over the VERP one', () => {
    const reading = readBounceMail(
      message(DSN_HEADERS, '', [
        dsn(failed('alice@example.com'), failed('bob@example.org'), 'Final-Recipient: rfc822; carol@example.net\nAction: delayed\nStatus: 4.4.1'),
      ]),
      VERP,
    );
    expect(reading.reports.map((report) => [report.email.value, report.kind])).toEqual([
      ['alice@example.com', 'bounce'],
      ['bob@example.org', 'bounce'],
      ['carol@example.net', 'delayed'],
    ]);
  });

  it("names a one-recipient DSN's recipient by the VERP address, not an alias's Final-Recipient", () => {
    const reading = readBounceMail(message(DSN_HEADERS, '', [dsn(failed('alice.smith@mailhost.example.com'))]), VERP);
    expect(reading.reports.map((report) => report.email.value)).toEqual(['alice@example.com']);
  });

  it('names the recipient of a poor DSN without a valid address by the VERP address', () => {
    const reading = readBounceMail(
      message(DSN_HEADERS, '', [dsn('Final-Recipient: LOCAL; <>\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 No such user')]),
      VERP,
    );
    expect(reading.reports).toMatchObject([{ kind: 'bounce', email: { value: 'alice@example.com' }, cause: { reason: 'user_unknown' } }]);
  });

  it('ignores a VERP address that does not decode to a valid address', () => {
    const headers = { ...DSN_HEADERS, to: 'bounces+alice=invalid@mail.example.net' };
    const reading = readBounceMail(message(headers, '', [dsn(failed('alice.smith@mailhost.example.com'))]), VERP);
    expect(reading.reports.map((report) => report.email.value)).toEqual(['alice.smith@mailhost.example.com']);
  });

  it('reads no VERP address when no prefix is configured', () => {
    const reading = readBounceMail(message(DSN_HEADERS, '', [dsn(failed('alice.smith@mailhost.example.com'))]), NO_VERP);
    expect(reading.reports.map((report) => report.email.value)).toEqual(['alice.smith@mailhost.example.com']);
  });

  it('makes one report of a recipient named twice', () => {
    const reading = readBounceMail(message(DSN_HEADERS, '', [dsn(failed('alice@example.com'), failed('Alice@Example.com'))]), NO_VERP);
    expect(reading.reports).toHaveLength(1);
  });

  it('reads a global DSN (RFC 6533) with a UTF-8 address', () => {
    const reading = readBounceMail(
      message(DSN_HEADERS, '', [
        part('message/global-delivery-status', 'Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: utf-8; jörg@example.de\nAction: failed\nStatus: 5.1.1'),
      ]),
      NO_VERP,
    );
    expect(reading.reports).toMatchObject([{ kind: 'bounce', email: { value: 'jörg@example.de' }, bounceType: 'hard' }]);
  });

  const ARF_HEADERS = { from: 'staff@hotmail.com', to: 'fbl@mail.example.net', 'message-id': '<fbl-1@hotmail.com>' };
  const arf = (report: string): MailAttachment => part('message/feedback-report', report);

  it('reads an ARF abuse report as a complaint by its Original-Rcpt-To', () => {
    const reading = readBounceMail(
      message(ARF_HEADERS, 'This is an email abuse report.', [
        arf('Feedback-Type: abuse\nUser-Agent: Hotmail FBL\nVersion: 1\nOriginal-Rcpt-To: alice@hotmail.com'),
        RETURNED,
      ]),
      VERP,
    );
    expect(reading).toMatchObject({
      messageId: 'fbl-1@hotmail.com',
      campaignId: '42',
      reports: [
        {
          kind: 'complaint',
          email: { value: 'alice@hotmail.com' },
          bounceType: null,
          cause: { reason: 'complaint', category: 'complaint' },
          feedbackType: 'abuse',
        },
      ],
    });
  });

  it("takes the complainant from the returned message's To when the report has no Original-Rcpt-To", () => {
    const reading = readBounceMail(message(ARF_HEADERS, '', [arf('Feedback-Type: abuse\nVersion: 1'), RETURNED]), NO_VERP);
    expect(reading.reports.map((report) => report.email.value)).toEqual(['alice@example.com']);
  });

  it('blames no one of a returned message addressed to several when the report names no recipient', () => {
    const returned = part('message/rfc822', 'To: alice@example.com, bob@example.com\r\n\r\nHello\r\n');
    expect(readBounceMail(message(ARF_HEADERS, '', [arf('Feedback-Type: abuse'), returned]), NO_VERP).reports).toEqual([]);
  });

  it.each(['not-spam', 'auth-failure'])('makes no report of a "%s" feedback report, and reads nothing else of it', (type) => {
    const headers = { ...ARF_HEADERS, 'auto-submitted': 'auto-generated' };
    expect(readBounceMail(message(headers, '', [arf(`Feedback-Type: ${type}\nOriginal-Rcpt-To: alice@hotmail.com`), RETURNED]), NO_VERP).reports).toEqual([]);
  });

  const QMAIL = `Hi. This is the qmail-send program at mail.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<alice.smith@example.com>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Return-Path: <bounces+alice=example.com@mail.example.net>
Message-ID: <campaign-7.alice@mail.example.net>
X-Campaign-Id: spring-7

Hello`;

  it('reads a text bounce with the ids of the message copied into it', () => {
    const reading = readBounceMail(message({ from: 'MAILER-DAEMON@mail.example.net', 'message-id': '<q1@mail.example.net>' }, QMAIL), NO_VERP);
    expect(reading).toMatchObject({
      messageId: 'q1@mail.example.net',
      originalMessageId: 'campaign-7.alice@mail.example.net',
      campaignId: 'spring-7',
      reports: [{ kind: 'bounce', email: { value: 'alice.smith@example.com' }, bounceType: 'hard', cause: { reason: 'user_unknown' } }],
    });
  });

  it('names the recipient of a text bounce by the VERP address over the address in its text', () => {
    const reading = readBounceMail(message({ from: 'MAILER-DAEMON@mail.example.net' }, QMAIL), VERP);
    expect(reading.reports).toMatchObject([{ email: { value: 'alice@example.com' }, diagnosticCode: 'Sorry, no mailbox here by that name. (#5.1.1)' }]);
  });

  it('makes a delay notice a delayed report with no type', () => {
    const text = `This is the mail system at host mail.example.net.\n\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n\n                   The mail system\n\n<bob@example.com>: host mx.example.com[203.0.113.5] said: 452 4.2.2 Mailbox full\n`;
    expect(readBounceMail(message({}, text), NO_VERP).reports).toMatchObject([
      { kind: 'delayed', email: { value: 'bob@example.com' }, bounceType: null, cause: { reason: 'mailbox_full', remoteMta: 'mx.example.com' } },
    ]);
  });

  it('reads an out-of-office reply as an auto-reply of the address that answered', () => {
    const reading = readBounceMail(
      message(
        { from: 'Alice <alice@example.com>', 'auto-submitted': 'auto-replied', subject: 'Automatic reply: Winter sale', 'message-id': '<oof-1@example.com>' },
        'I am away.',
      ),
      VERP,
    );
    expect(reading).toEqual({
      messageId: 'oof-1@example.com',
      originalMessageId: null,
      campaignId: null,
      reports: [
        {
          kind: 'auto_reply',
          email: expect.objectContaining({ value: 'alice@example.com' }),
          bounceType: null,
          cause: null,
          diagnosticCode: null,
          feedbackType: null,
        },
      ],
    });
  });

  it('reads a vacation reply known only by its subject as an auto-reply', () => {
    expect(
      readBounceMail(message({ from: 'bob@example.org', subject: 'Abwesenheitsnotiz: Winter sale' }, 'Ich bin im Urlaub.'), NO_VERP).reports,
    ).toMatchObject([{ kind: 'auto_reply', email: { value: 'bob@example.org' } }]);
  });

  it('makes no auto-reply of a mail system automatic message that no rule reads', () => {
    expect(
      readBounceMail(message({ from: 'MAILER-DAEMON@mx.example.net', 'auto-submitted': 'auto-replied' }, 'Something went wrong.'), NO_VERP).reports,
    ).toEqual([]);
  });

  it('makes no auto-reply of a report that names no recipient, whatever its markers', () => {
    const reading = readBounceMail(message({ from: 'postmaster@example.org', 'auto-submitted': 'auto-replied' }, '', [dsn('Action: unknown')]), NO_VERP);
    expect(reading.reports).toEqual([]);
  });

  it('makes no report of a message that is none', () => {
    expect(readBounceMail(message({ from: 'alice@example.com', subject: 'Re: Winter sale', 'message-id': '<r@example.com>' }, 'Thanks!'), VERP)).toEqual({
      messageId: 'r@example.com',
      originalMessageId: null,
      campaignId: null,
      reports: [],
    });
  });

  it('reads no campaign id from an X-Campaign-Id that is none', () => {
    const returned = part('text/rfc822-headers', 'To: alice@example.com\r\nX-Campaign-Id: not a campaign id!\r\n');
    expect(readBounceMail(message(DSN_HEADERS, '', [dsn(failed('alice@example.com')), returned]), NO_VERP).campaignId).toBeNull();
  });

  it('reads hostile input of megabytes in bounded time', () => {
    const hostile = message(
      { from: `${'a'.repeat(100_000)}@example.com`, subject: `Automatic reply: ${'x'.repeat(1_000_000)}`, to: `bounces+${'='.repeat(100_000)}@x` },
      `Hi. This is the qmail-send program\nto the following addresses.\n${'<a@b>:\n'.repeat(200_000)}`,
      [
        dsn(`Final-Recipient: rfc822; ${'a'.repeat(2_000_000)}@example.com\nAction: failed`),
        part('message/delivery-status', 'Final-Recipient: rfc822; a@example.com\n \n'.repeat(100_000)),
        part('message/rfc822', `X-Campaign-Id: ${'9'.repeat(1_000_000)}\r\n\r\n`),
      ],
    );
    const started = Date.now();
    const reading = readBounceMail(hostile, VERP);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reading.campaignId).toBeNull();
  });
});
