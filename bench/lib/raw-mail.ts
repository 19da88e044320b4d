import { SUBSCRIBERS, subscriberEmail, CAMPAIGNS } from './database';

/**
 * Raw bounce mail as the bounce mailbox receives it, for the `inbound-mail` scenarios: a mix of
 * DSNs (RFC 3464), an ARF feedback report (RFC 5965), servers' own text bounces and the answers
 * that are no bounce (a delay, an out-of-office). Every message has a unique `Message-ID`
 * (`<marker>-<n>@…`, so that a run's rows are found by their dedupe key) and names the bench's
 * seeded subscribers. Sizes are those of real reports: the returned original's headers (a few
 * kilobytes: Received, DKIM-Signature, List-Unsubscribe), and one message in ten returns the
 * whole original with a 20 KB body.
 */
export interface RawMail {
  readonly kind: RawMailKind;
  readonly raw: string;
  /** Bounces and complaints a correct reader stores from it (a delay and an auto-reply store none). */
  readonly storable: number;
}

export type RawMailKind =
  | 'postfix-dsn'
  | 'postfix-dsn-3-recipients'
  | 'exim-dsn'
  | 'sender-blocked-dsn'
  | 'arf-abuse'
  | 'qmail-text'
  | 'exchange-ndr'
  | 'delayed-dsn'
  | 'out-of-office';

/** The mix, by weight (out of 100). */
export const RAW_MAIL_MIX: ReadonlyArray<readonly [kind: RawMailKind, weight: number]> = [
  ['postfix-dsn', 25],
  ['postfix-dsn-3-recipients', 10],
  ['exim-dsn', 10],
  ['sender-blocked-dsn', 10],
  ['arf-abuse', 10],
  ['qmail-text', 10],
  ['exchange-ndr', 10],
  ['delayed-dsn', 10],
  ['out-of-office', 5],
];

/** One message in ten returns the whole original, with a body of this size. */
export const RETURNED_BODY_BYTES = 20 * 1024;

const mail = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n`;

const DAY = 'Thu, 03 Dec 2026 10:14:58 +0000';

function pick(next: () => number): RawMailKind {
  let roll = next() * 100;
  for (const [kind, weight] of RAW_MAIL_MIX) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return RAW_MAIL_MIX[0][0];
}

/** The original message's headers, as a sending platform writes them (about 2 KB). */
function originalHeaders(recipient: string, id: string, campaign: string): string[] {
  return [
    'Return-Path: <bounces@mail.bench.example>',
    'Received: from app-7.internal.bench.example (app-7.internal.bench.example [10.0.3.17])',
    '\tby mta-2.mail.bench.example (Postfix) with ESMTPS id 4QxV1k3Zq9z9sWn',
    `\tfor <${recipient}>; ${DAY}`,
    'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=mail.bench.example; s=s2026;',
    '\tt=1796292898; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;',
    '\th=From:To:Subject:Date:Message-ID:List-Unsubscribe:List-Unsubscribe-Post;',
    '\tb=kF0mN3p6Q1yX2p3Ckq8m9Vd7cGz2mYw0qkD1a8b7m0dZ3hQ4R2nS6tW1oP9vU5eE0rT3yU7iI2oO9pP1aA4sS6dD8fF0gG3hH5jJ7kK9lL1zZ3xX5cC7vV9bB1nN3mM5qQ7wW9eE1rR3tT5yY7uU9iI1oO3pP5aA7sS9dD1fF3gG5hH7jJ9kK1lL3zZ5xX7cC9vV1bB3nN5mM7=',
    'From: Bench Newsletter <news@mail.bench.example>',
    `To: ${recipient}`,
    'Subject: December news: what is new this month',
    `Date: ${DAY}`,
    `Message-ID: <orig-${id}@mail.bench.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt-7f3a"',
    `List-Unsubscribe: <https://mail.bench.example/u/${id}>, <mailto:unsubscribe+${id}@mail.bench.example>`,
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'Feedback-ID: dec-2026:newsletter:bench',
    `X-Campaign-Id: ${campaign}`,
  ];
}

/** The returned original: its headers (text/rfc822-headers), or in one message in ten the whole of it with a 20 KB body. */
function returned(recipient: string, id: string, campaign: string, whole: boolean, boundary: string): string[] {
  const headers = originalHeaders(recipient, id, campaign);
  if (!whole) return [`--${boundary}`, 'Content-Description: Undelivered Message Headers', 'Content-Type: text/rfc822-headers', '', ...headers, ''];
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.';
  const body = Array.from({ length: Math.ceil(RETURNED_BODY_BYTES / (line.length + 2)) }, () => line);
  return [
    `--${boundary}`,
    'Content-Description: Undelivered Message',
    'Content-Type: message/rfc822',
    '',
    ...headers,
    '',
    '--alt-7f3a',
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...body,
    '--alt-7f3a--',
    '',
  ];
}

interface Recipient {
  readonly email: string;
  readonly campaign: string;
}

function recipients(next: () => number, count: number): Recipient[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(1 + Math.floor(next() * SUBSCRIBERS));
  return [...chosen].map((n) => ({ email: subscriberEmail(n), campaign: `campaign-${n % CAMPAIGNS}` }));
}

function postfixDsn(
  id: string,
  to: Recipient[],
  whole: boolean,
  failure: { status: string; diagnostic: (email: string) => string; action?: string; remote?: string },
): string {
  const boundary = `${id.slice(-12)}.1796292898/mx.bench-relay.example`;
  const blocks = to.flatMap((recipient) => [
    `Final-Recipient: rfc822; ${recipient.email}`,
    `Original-Recipient: rfc822;${recipient.email}`,
    `Action: ${failure.action ?? 'failed'}`,
    `Status: ${failure.status}`,
    `Remote-MTA: dns; ${failure.remote ?? 'mx1.bench.example'}`,
    `Diagnostic-Code: ${failure.diagnostic(recipient.email)}`,
    ...(failure.action === 'delayed' ? ['Will-Retry-Until: Sun, 06 Dec 2026 10:14:58 +0000 (UTC)'] : []),
    '',
  ]);
  const delayed = failure.action === 'delayed';
  return mail([
    'Return-Path: <>',
    'Received: by mx.bench-relay.example (Postfix) id 8A1B2C3D; Thu,  3 Dec 2026 10:14:58 +0000 (UTC)',
    'Date: Thu,  3 Dec 2026 10:14:58 +0000 (UTC)',
    'From: MAILER-DAEMON@mx.bench-relay.example (Mail Delivery System)',
    'To: bounces@mail.bench.example',
    `Subject: ${delayed ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender'}`,
    `Message-Id: <${id}@mx.bench-relay.example>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.bench-relay.example.',
    '',
    delayed
      ? '####################################################################\r\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\r\n####################################################################'
      : "I'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients. It's attached below.",
    '',
    'For further assistance, please send mail to postmaster.',
    '',
    ...to.map((recipient) => `<${recipient.email}>: host mx1.bench.example[203.0.113.25] said: ${failure.diagnostic(recipient.email).replace(/^smtp; /, '')}`),
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.bench-relay.example',
    'X-Postfix-Queue-ID: 8A1B2C3D',
    'X-Postfix-Sender: rfc822; bounces@mail.bench.example',
    `Arrival-Date: ${DAY}`,
    '',
    ...blocks,
    ...returned(to[0].email, id, to[0].campaign, whole, boundary),
    `--${boundary}--`,
  ]);
}

function eximDsn(id: string, to: Recipient, whole: boolean): string {
  const boundary = `1796292898-eximdsn-${id.slice(-8)}`;
  return mail([
    'Return-path: <>',
    'Received: from Debian-exim by mx.bench-exim.example with local (Exim 4.97)',
    '\tid 1t8xYz-000Abc-2D',
    `\tfor bounces@mail.bench.example; ${DAY}`,
    'X-Failed-Recipients: ' + to.email,
    'Auto-Submitted: auto-replied',
    'From: Mail Delivery System <Mailer-Daemon@mx.bench-exim.example>',
    'To: bounces@mail.bench.example',
    `Content-Type: multipart/report; report-type=delivery-status; boundary=${boundary}`,
    'MIME-Version: 1.0',
    'Subject: Mail delivery failed: returning message to sender',
    `Message-Id: <${id}@mx.bench-exim.example>`,
    `Date: ${DAY}`,
    '',
    `--${boundary}`,
    'Content-type: text/plain; charset=us-ascii',
    '',
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    `  ${to.email}`,
    '    host mx2.bench.example [203.0.113.40]',
    `    SMTP error from remote mail server after RCPT TO:<${to.email}>:`,
    '    550 5.1.1 No such user here',
    '',
    `--${boundary}`,
    'Content-type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.bench-exim.example',
    '',
    `Action: failed`,
    `Final-Recipient: rfc822;${to.email}`,
    'Status: 5.1.1',
    'Remote-MTA: dns; mx2.bench.example',
    'Diagnostic-Code: smtp; 550 5.1.1 No such user here',
    '',
    ...returned(to.email, id, to.campaign, whole, boundary),
    `--${boundary}--`,
  ]);
}

function arfAbuse(id: string, to: Recipient, whole: boolean): string {
  const boundary = `----=_Part_${id.slice(-10)}_ARF`;
  return mail([
    'Return-Path: <>',
    'From: Yahoo! Mail AntiSpam Feedback <feedback@arf.mail.yahoo.com>',
    'To: fbl@mail.bench.example',
    `Date: ${DAY}`,
    'Subject: FW: December news: what is new this month',
    `Message-ID: <${id}@arf.mail.yahoo.com>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="US-ASCII"',
    'Content-Transfer-Encoding: 7bit',
    '',
    'This is an email abuse report for an email message received from IP 198.51.100.7 on Thu, 03 Dec 2026 10:14:58 +0000.',
    'For more information about this format please see http://www.mipassoc.org/arf/.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: Yahoo!-Mail-Feedback/2.0',
    'Version: 0.1',
    'Original-Mail-From: <bounces@mail.bench.example>',
    `Original-Rcpt-To: <${to.email}>`,
    'Received-Date: Thu, 03 Dec 2026 10:14:58 +0000',
    'Reported-Domain: mail.bench.example',
    'Authentication-Results: mta1001.mail.bf1.yahoo.com  from=mail.bench.example; domainkeys=neutral (no sig);  from=mail.bench.example; dkim=pass (ok)',
    '',
    ...returned(to.email, id, to.campaign, whole, boundary),
    `--${boundary}--`,
  ]);
}

function qmailText(id: string, to: Recipient, whole: boolean): string {
  const original = originalHeaders(to.email, id, to.campaign);
  const body = whole ? Array.from({ length: Math.ceil(RETURNED_BODY_BYTES / 80) }, () => 'x'.repeat(78)) : [];
  return mail([
    'Return-Path: <>',
    `Received: (qmail 21543 invoked for bounce); ${DAY}`,
    `Date: ${DAY}`,
    'From: MAILER-DAEMON@relay.bench-qmail.example',
    'To: bounces@mail.bench.example',
    'Subject: failure notice',
    `Message-ID: <${id}@relay.bench-qmail.example>`,
    '',
    'Hi. This is the qmail-send program at relay.bench-qmail.example.',
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    '',
    `<${to.email}>:`,
    '203.0.113.61 does not like recipient.',
    'Remote host said: 550 5.1.1 <' + to.email + '>: Recipient address rejected: User unknown in local recipient table',
    'Giving up on 203.0.113.61.',
    '',
    '--- Below this line is a copy of the message.',
    '',
    ...original,
    '',
    ...body,
  ]);
}

function exchangeNdr(id: string, to: Recipient, whole: boolean): string {
  const boundary = `_000_${id.slice(-10)}BENCHEXCH_`;
  const alternative = `_001_${id.slice(-10)}BENCHEXCH_`;
  const html = [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=us-ascii"></head><body>',
    '<div style="font-family:\'Segoe UI\',Frutiger,Arial,sans-serif"><p style="font-size:17pt">Your message to ' + to.email + " couldn't be delivered.</p>",
    `<p>${to.email.split('@')[0]} wasn't found at bench.example.</p>`,
    '<p style="font-weight:600">Action Required</p><p>Unknown To address</p>',
    '<p style="font-weight:600">How to Fix It</p><p>The address may be misspelled or may not exist. Try one or more of the following:</p>',
    "<ul><li>Retype the recipient's address, then resend the message.</li><li>Remove the recipient from your list.</li></ul>",
    '<p>Diagnostic information for administrators:</p><p>Generating server: AM0PR07MB1234.eurprd07.prod.outlook.com</p>',
    `<p>${to.email}<br>Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'</p>`,
    '</div></body></html>',
  ];
  return mail([
    'Return-Path: <>',
    'From: Microsoft Outlook <postmaster@bench.example>',
    'To: <bounces@mail.bench.example>',
    `Date: ${DAY}`,
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    'Content-Language: en-US',
    `Message-ID: <${id}@AM0PR07MB1234.eurprd07.prod.outlook.com>`,
    `In-Reply-To: <orig-${id}@mail.bench.example>`,
    'Subject: Undeliverable: December news: what is new this month',
    'Auto-Submitted: auto-replied',
    'X-MS-Exchange-Message-Is-Ndr: ',
    'MIME-Version: 1.0',
    '',
    `--${boundary}`,
    `Content-Type: multipart/alternative; differences=Content-Type; boundary="${alternative}"`,
    '',
    `--${alternative}`,
    'Content-Type: text/html; charset="us-ascii"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    ...html.map((line) => line.replace(/=/g, '=3D')),
    '',
    `--${alternative}--`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns;AM0PR07MB1234.eurprd07.prod.outlook.com',
    `Received-From-MTA: dns;mta-2.mail.bench.example`,
    `Arrival-Date: ${DAY}`,
    '',
    `Final-Recipient: rfc822;${to.email}`,
    'Action: failed',
    'Status: 5.1.10',
    'Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    '',
    ...returned(to.email, id, to.campaign, whole, boundary),
    `--${boundary}--`,
  ]);
}

function outOfOffice(id: string, from: Recipient): string {
  return mail([
    'Return-Path: <>',
    `From: ${from.email.split('@')[0]} <${from.email}>`,
    'To: news@mail.bench.example',
    `Date: ${DAY}`,
    'Subject: Automatic reply: December news: what is new this month',
    `Message-ID: <${id}@bench.example>`,
    `In-Reply-To: <orig-${id}@mail.bench.example>`,
    'Auto-Submitted: auto-replied',
    'X-Autoreply: yes',
    'X-Auto-Response-Suppress: All',
    'Precedence: auto_reply',
    'Content-Type: text/plain; charset="utf-8"',
    'MIME-Version: 1.0',
    '',
    'Thank you for your message. I am out of the office until 4 January 2027 with limited access to e-mail.',
    'For urgent matters, please contact the front desk.',
  ]);
}

/**
 * The next message of the mix. `id` is unique to the message (the run's marker and a counter):
 * the local part of its `Message-ID`, and so the start of every dedupe key it is stored under.
 */
export function rawMail(next: () => number, id: string): RawMail {
  const kind = pick(next);
  const whole = next() < 0.1;
  switch (kind) {
    case 'postfix-dsn':
      return {
        kind,
        storable: 1,
        raw: postfixDsn(id, recipients(next, 1), whole, {
          status: '5.1.1',
          diagnostic: (email) => `smtp; 550 5.1.1 <${email}>: Recipient address rejected: User unknown in virtual mailbox table`,
        }),
      };
    case 'postfix-dsn-3-recipients':
      return {
        kind,
        storable: 3,
        raw: postfixDsn(id, recipients(next, 3), whole, {
          status: '5.2.2',
          remote: 'gmail-smtp-in.l.google.com',
          diagnostic: () =>
            'smtp; 552-5.2.2 The email account that you tried to reach is over quota and inactive. 552 5.2.2 https://support.google.com/mail/?p=OverQuotaPerm',
        }),
      };
    case 'exim-dsn':
      return { kind, storable: 1, raw: eximDsn(id, recipients(next, 1)[0], whole) };
    case 'sender-blocked-dsn':
      return {
        kind,
        storable: 1,
        raw: postfixDsn(id, recipients(next, 1), whole, {
          status: '5.7.1',
          diagnostic: () =>
            'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7',
        }),
      };
    case 'arf-abuse':
      return { kind, storable: 1, raw: arfAbuse(id, recipients(next, 1)[0], whole) };
    case 'qmail-text':
      return { kind, storable: 1, raw: qmailText(id, recipients(next, 1)[0], whole) };
    case 'exchange-ndr':
      return { kind, storable: 1, raw: exchangeNdr(id, recipients(next, 1)[0], whole) };
    case 'delayed-dsn':
      return {
        kind,
        storable: 0,
        raw: postfixDsn(id, recipients(next, 1), whole, {
          status: '4.7.1',
          action: 'delayed',
          diagnostic: (email) => `smtp; 451 4.7.1 <${email}>: Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/`,
        }),
      };
    case 'out-of-office':
      return { kind, storable: 0, raw: outOfOffice(id, recipients(next, 1)[0]) };
  }
}
