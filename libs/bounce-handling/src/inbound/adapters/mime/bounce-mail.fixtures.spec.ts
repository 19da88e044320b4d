import type { BounceMailReading, InboundReport } from '../../domain/inbound-report';
import { MAX_REPORTS_PER_MESSAGE, readBounceMail } from '../../domain/read-bounce-mail';
import { BOUNCE_MAIL_FIXTURES, bounceMailFixture } from './__fixtures__';
import { PostalMimeMailParser } from './postal-mime-mail-parser.adapter';

/** A report as the HTTP answer gives it. */
interface Answer {
  readonly email: string;
  readonly kind: InboundReport['kind'];
  readonly bounce_type: 'hard' | 'soft' | null;
  readonly reason: string | null;
  readonly category: string | null;
  readonly status: string | null;
  readonly diagnostic_code: string | null;
  readonly remote_mta: string | null;
  readonly feedback_type: string | null;
}

interface Expected {
  readonly messageId: string | null;
  readonly originalMessageId: string | null;
  readonly campaignId: string | null;
  readonly reports: readonly Answer[];
}

const answer = (report: InboundReport): Answer => ({
  email: report.email.value,
  kind: report.kind,
  bounce_type: report.bounceType,
  reason: report.cause?.reason ?? null,
  category: report.cause?.category ?? null,
  status: report.cause?.status ?? null,
  diagnostic_code: report.diagnosticCode,
  remote_mta: report.cause?.remoteMta ?? null,
  feedback_type: report.feedbackType,
});
const answerOf = (reading: BounceMailReading): Expected => ({ ...reading, reports: reading.reports.map(answer) });

type Cause = readonly [reason: string, category: string, status: string | null];
const report = (
  kind: Answer['kind'],
  email: string,
  type: Answer['bounce_type'],
  cause: Cause | null,
  diagnostic: string | null,
  remoteMta: string | null = null,
): Answer => ({
  email,
  kind,
  bounce_type: type,
  reason: cause?.[0] ?? null,
  category: cause?.[1] ?? null,
  status: cause?.[2] ?? null,
  diagnostic_code: diagnostic,
  remote_mta: remoteMta,
  feedback_type: null,
});
const complaint = (email: string, feedbackType: string): Answer => ({
  ...report('complaint', email, null, ['complaint', 'complaint', null], null),
  feedback_type: feedbackType,
});
const autoReply = (email: string): Answer => report('auto_reply', email, null, null, null);
const reading = (messageId: string, originalMessageId: string | null, campaignId: string | null, ...reports: Answer[]): Expected => ({
  messageId,
  originalMessageId,
  campaignId,
  reports,
});

const USER_UNKNOWN: Cause = ['user_unknown', 'recipient', '5.1.1'];

const EXPECTED: Readonly<Record<string, Expected>> = {
  'postfix-dsn': reading(
    '20261203101502.4ZK1Lq2Y5Tz9sWQ@mx.example.net',
    'c42.alice.20261203@mail.example.net',
    '42',
    report(
      'bounce',
      'alice@example.com',
      'hard',
      USER_UNKNOWN,
      'smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
      'mx1.example.com',
    ),
  ),
  'postfix-dsn-multi-recipient': reading(
    '20261203101640.7QW2Mn4X8Pz3kRT@mx.example.net',
    'c42.batch7.20261203@mail.example.net',
    '42',
    report(
      'bounce',
      'bob@example.org',
      'hard',
      USER_UNKNOWN,
      'smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table',
      'mx.example.org',
    ),
    // A Spamhaus listing refuses the sender: soft, whatever the 5xx.
    report(
      'bounce',
      'carol@example.net',
      'soft',
      ['blocked', 'sender', '5.7.1'],
      'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7',
      'mx.example.net',
    ),
  ),
  'exim-dsn': reading(
    'E1tHq9x-0004Ab-2K@smtp.example.org',
    'c42.dave.20261203@mail.example.net',
    '42',
    report(
      'bounce',
      'dave@example.com',
      'hard',
      ['mailbox_disabled', 'recipient', '5.2.1'],
      'smtp; 550 5.2.1 The email account that you tried to reach is disabled.',
      'mx.example.com',
    ),
  ),
  'sendmail-dsn': reading(
    '202612031022.5B3AMx1k012345@relay.example.org',
    'c43.erin.20261203@mail.example.net',
    '43',
    report('bounce', 'erin@example.org', 'hard', USER_UNKNOWN, 'SMTP; 550 5.1.1 <erin@example.org>... User unknown', 'mail.example.org'),
  ),
  'qmail-text-bounce': reading(
    '20261203102500.31337.qmail@mail.example.net',
    'c42.frank.20261203@mail.example.net',
    '42',
    report(
      'bounce',
      'frank@example.net',
      'hard',
      USER_UNKNOWN,
      '550 5.1.1 <frank@example.net>: Recipient address rejected: User unknown in local recipient table',
      '203.0.113.40',
    ),
  ),
  'exim-text-bounce': reading(
    'E1tHqCz-0007Xy-9Q@mx2.example.org',
    'c42.batch9.20261203@mail.example.net',
    '42',
    report(
      'bounce',
      'grace@example.org',
      'hard',
      USER_UNKNOWN,
      'host mx.example.org [203.0.113.50] SMTP error from remote mail server after RCPT TO:<grace@example.org>: 550 5.1.1 <grace@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
      'mx.example.org',
    ),
    report(
      'bounce',
      'heidi@example.org',
      'soft',
      ['mailbox_full', 'mailbox', '5.2.2'],
      'host mx.example.org [203.0.113.50] SMTP error from remote mail server after RCPT TO:<heidi@example.org>: 552 5.2.2 <heidi@example.org>: Recipient address rejected: Mailbox full',
      'mx.example.org',
    ),
  ),
  'exchange-ndr-html': reading(
    'a1b2c3d4-1111-2222-3333-444455556666@EX01.corp.example.com',
    'c42.ivan.20261203@mail.example.net',
    '42',
    report('bounce', 'ivan@corp.example.com', 'hard', USER_UNKNOWN, '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##'),
  ),
  'office365-ndr-with-dsn': reading(
    '0f4a9b2e-7c1d-4e5f-9a8b-1c2d3e4f5a6b@AM0PR01MB1234.eurprd01.prod.exchangelabs.com',
    'c42.judy.20261203@mail.example.net',
    '42',
    report(
      'bounce',
      'judy@contoso.example',
      'hard',
      ['user_unknown', 'recipient', '5.1.10'],
      'smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    ),
  ),
  'gmail-bounce': reading(
    '67b0f1a2.5d0a0220.3c1f9e.1234.GMR@mx.google.com',
    'c42.kim.20261203@mail.example.net',
    '42',
    report('bounce', 'kim@example.com', 'hard', USER_UNKNOWN, '550 5.1.1 <kim@example.com>: Recipient address rejected: User unknown in virtual mailbox table'),
  ),
  'yahoo-bounce': reading(
    '1764758000.123456.mta1017.mail.bf1.yahoo.com',
    'c42.leo.20261203@mail.example.net',
    '42',
    report(
      'bounce',
      'leo@yahoo.com',
      'hard',
      ['user_unknown', 'recipient', null],
      "554: delivery error: dd This user doesn't have a yahoo.com account (leo@yahoo.com) [0] - mta1017.mail.bf1.yahoo.com [BODY]",
    ),
  ),
  'delayed-dsn': reading(
    '20261203144000.9RT5Yh7Z2Kx4mLP@mx.example.net',
    'c42.mallory.20261203@mail.example.net',
    '42',
    report(
      'delayed',
      'mallory@example.org',
      null,
      ['mailbox_full', 'mailbox', '4.2.2'],
      'smtp; 452 4.2.2 <mallory@example.org>: Mailbox full',
      'mx.example.org',
    ),
  ),
  'relayed-and-delivered-dsn': reading(
    '20261203104000.2HG8Kp5W1Qz7nVB@mx.example.net',
    'c42.batch11.20261203@mail.example.net',
    '42',
    report('delivery', 'niaj@example.com', null, null, 'X-Postfix; delivered to mailbox'),
    report('delivery', 'olivia@example.org', null, null, 'smtp; 250 2.0.0 Ok: queued as 4ZKAbc123'),
  ),
  'global-dsn-utf8-address': reading(
    '20261203104140.3JK9Lm6V2Rz8pWC@mx.example.de',
    'c44.joerg.20261203@mail.example.net',
    '44',
    report(
      'bounce',
      'jörg@xn--bcher-kva.example',
      'hard',
      USER_UNKNOWN,
      'smtp; 550 5.1.1 <jörg@bücher.example>: Recipient address rejected: User unknown',
      'mx.xn--bcher-kva.example',
    ),
  ),
  'arf-yahoo-abuse': reading('20261203104500.8f7e6d5c@arf.mail.yahoo.com', 'c42.peggy.20261203@mail.example.net', '42', complaint('peggy@yahoo.com', 'abuse')),
  'arf-microsoft-jmrp-abuse': reading(
    '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d@hotmail.com',
    'c42.quentin.20261203@mail.example.net',
    '42',
    complaint('quentin@outlook.com', 'abuse'),
  ),
  'arf-not-spam': reading('ns-20261203-1@fbl.example.org', 'c42.rupert.20261203@mail.example.net', '42'),
  'out-of-office-auto-submitted': reading('OOF-9c8b7a6d5e4f@EX02.example.com', null, null, autoReply('sybil@example.com')),
  'vacation-subject-only': reading('a8f7e6d5@mail.example.de', null, null, autoReply('trent@example.de')),
  'dsn-with-auto-reply-markers': reading(
    '20261203110600.5TY6Uj8K3Lx9qMN@mx.example.com',
    null,
    null,
    report('bounce', 'uma@example.com', 'soft', ['mailbox_full', 'mailbox', '5.2.2'], 'smtp; 552 5.2.2 <uma@example.com>: Mailbox full', 'mx.example.com'),
  ),
  // The DSN names only a local mailbox: the VERP address is the recipient we mailed.
  'verp-poor-dsn': reading(
    'poor-dsn-20261203-1@legacy.example.net',
    null,
    null,
    report('bounce', 'victor@example.net', 'hard', ['user_unknown', 'recipient', '5.0.0'], 'smtp; 550 Requested action not taken: mailbox unavailable'),
  ),
};

const parser = new PostalMimeMailParser();
const OPTIONS = { verpPrefix: 'bounces' };

describe('bounce mail, parsed and read', () => {
  it.each(Object.entries(EXPECTED))('reads %s', async (name, expected) => {
    const message = await parser.parse(bounceMailFixture(name));
    expect(answerOf(readBounceMail(message, OPTIONS))).toEqual(expected);
  });

  it('has an expected reading for every fixture', () => {
    expect(BOUNCE_MAIL_FIXTURES.filter((name) => !(name in EXPECTED))).toEqual([]);
  });

  it(`reads at most ${MAX_REPORTS_PER_MESSAGE} recipients of a DSN naming 1,500`, async () => {
    const groups = Array.from(
      { length: 1500 },
      (_, n) => `Final-Recipient: rfc822; user${n}@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n`,
    ).join('\n');
    const raw = `From: MAILER-DAEMON@mx.example.net\nMessage-ID: <big@mx.example.net>\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\nUndeliverable.\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n${groups}\n--b--\n`;
    const message = await parser.parse(Buffer.from(raw.replace(/\n/g, '\r\n')));
    const { reports } = readBounceMail(message, OPTIONS);
    expect(reports).toHaveLength(MAX_REPORTS_PER_MESSAGE);
    expect(reports[0].email.value).toBe('user0@example.com');
    expect(reports[MAX_REPORTS_PER_MESSAGE - 1].email.value).toBe(`user${MAX_REPORTS_PER_MESSAGE - 1}@example.com`);
  });
});
