import { classifyBounce } from '../../bounces/domain/bounce-classification/bounce-classification.facade';
import { MAX_REPORTS_PER_MESSAGE } from './inbound-report';
import { MAX_TEXT_SCANNED, readTextBounce } from './text-bounce';
import { TEXT_BOUNCE_RULES } from './text-bounce.rules';

interface Row {
  readonly rule: string;
  readonly text: string;
  readonly notice: 'failure' | 'delay';
  readonly permanent?: boolean;
  readonly recipients: readonly { readonly email: string; readonly reason: string; readonly remoteMta?: string }[];
}

const ROWS: readonly Row[] = [
  {
    rule: 'qmail',
    text: `Hi. This is the qmail-send program at mail.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<bob@example.com>:
203.0.113.5 does not like recipient.
Remote host said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown
Giving up on 203.0.113.5.

<carol@nowhere.example>:
Sorry, I couldn't find any host named nowhere.example. (#5.1.2)

--- Below this line is a copy of the message.

Return-Path: <news@example.net>
X-Campaign-Id: 42
Subject: Winter sale

Hello`,
    notice: 'failure',
    permanent: true,
    recipients: [
      { email: 'bob@example.com', reason: 'user_unknown', remoteMta: '203.0.113.5' },
      { email: 'carol@nowhere.example', reason: 'host_unknown' },
    ],
  },
  {
    rule: 'yahoo',
    text: `Sorry, we were unable to deliver your message to the following address.

<bob@yahoo.com>:
Remote host said: 554: delivery error: dd This user doesn't have a yahoo.com account (bob@yahoo.com) [0] - mta1017.mail.bf1.yahoo.com [BODY]

--- Below this line is a copy of the message.
`,
    notice: 'failure',
    recipients: [{ email: 'bob@yahoo.com', reason: 'user_unknown' }],
  },
  {
    rule: 'exim',
    text: `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  bob@example.com
    host mx.example.com [203.0.113.5]
    SMTP error from remote mail server after RCPT TO:<bob@example.com>:
    550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table
  carol@example.org
    host mx.example.org [203.0.113.6]
    SMTP error from remote mail server after RCPT TO:<carol@example.org>:
    554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org

------ This is a copy of the message, including all the headers. ------

Return-path: <news@example.net>
`,
    notice: 'failure',
    permanent: true,
    recipients: [
      { email: 'bob@example.com', reason: 'user_unknown', remoteMta: 'mx.example.com' },
      { email: 'carol@example.org', reason: 'blocked', remoteMta: 'mx.example.org' },
    ],
  },
  {
    rule: 'exim-delay',
    text: `This message was created automatically by mail delivery software.

A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on mail.example.net.

The address to which the message has not yet been delivered is:

  bob@example.com
    host mx.example.com [203.0.113.5]
    Delay reason: SMTP error from remote mail server after RCPT TO:<bob@example.com>:
    452 4.2.2 <bob@example.com>: Mailbox full

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered.`,
    notice: 'delay',
    recipients: [{ email: 'bob@example.com', reason: 'mailbox_full', remoteMta: 'mx.example.com' }],
  },
  {
    rule: 'sendmail',
    text: `The original message was received at Thu, 3 Dec 2026 10:15:00 GMT
from localhost [127.0.0.1]

   ----- The following addresses had permanent fatal errors -----
<bob@example.com>
    (reason: 550 5.1.1 <bob@example.com>... User unknown)

   ----- Transcript of session follows -----
... while talking to mx.example.com.:
>>> RCPT To:<bob@example.com>
<<< 550 5.1.1 <bob@example.com>... User unknown
550 5.1.1 <bob@example.com>... User unknown
`,
    notice: 'failure',
    permanent: true,
    recipients: [{ email: 'bob@example.com', reason: 'user_unknown', remoteMta: 'mx.example.com' }],
  },
  {
    rule: 'postfix',
    text: `This is the mail system at host mail.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<bob@example.com>: host mx.example.com[203.0.113.5] said: 550 5.1.1
    <bob@example.com>: Recipient address rejected: User unknown (in reply to RCPT
    TO command)
`,
    notice: 'failure',
    recipients: [{ email: 'bob@example.com', reason: 'user_unknown', remoteMta: 'mx.example.com' }],
  },
  {
    rule: 'postfix-delay',
    text: `This is the mail system at host mail.example.net.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<bob@example.com>: connect to mx.example.com[203.0.113.5]:25: Connection timed out
`,
    notice: 'delay',
    recipients: [{ email: 'bob@example.com', reason: 'network_error' }],
  },
  {
    rule: 'exchange',
    text: `Delivery has failed to these recipients or groups:

Bob Smith (bob@example.com)
The email address you entered couldn't be found.

Diagnostic information for administrators:

Generating server: EX01.corp.example.net

bob@example.com
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

Original message headers:
`,
    notice: 'failure',
    recipients: [{ email: 'bob@example.com', reason: 'user_unknown' }],
  },
  {
    rule: 'exchange-2003',
    text: `Your message did not reach some or all of the intended recipients.

      Subject: Winter sale
      Sent: 12/3/2026 10:15 AM

The following recipient(s) cannot be reached:

      'bob@example.com' on 12/3/2026 10:15 AM
            The e-mail account does not exist at the organization this message was sent to.
            <mx.example.com #5.1.1 smtp;550 5.1.1 User unknown>
`,
    notice: 'failure',
    recipients: [{ email: 'bob@example.com', reason: 'user_unknown' }],
  },
  {
    rule: 'gmail',
    text: `** Address not found **

Your message wasn't delivered to bob@example.com because the address couldn't be found, or is unable to receive mail.

Learn more here: https://support.google.com/mail/?p=NoSuchUser

The response from the remote server was:
550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser
`,
    notice: 'failure',
    recipients: [{ email: 'bob@example.com', reason: 'user_unknown' }],
  },
  {
    rule: 'gmail-delay',
    text: `** Delivery incomplete **

There was a temporary problem delivering your message to bob@example.com. Gmail will retry for 46 more hours. You'll be notified if the delivery fails permanently.

The response from the remote server was:
421 4.4.2 mx.example.com Error: timeout exceeded
`,
    notice: 'delay',
    recipients: [{ email: 'bob@example.com', reason: 'network_error' }],
  },
  {
    rule: 'lotus-domino',
    text: `Your message

  Subject: Winter sale

was not delivered to:

  bob@example.com

because:

  User bob (bob@example.com) not listed in Domino Directory
`,
    notice: 'failure',
    // The classifier knows no Domino wording: the notice is read, its cause stays undetermined (soft).
    recipients: [{ email: 'bob@example.com', reason: 'undetermined' }],
  },
  {
    rule: 'courier',
    text: `This is a delivery status notification from mail.example.net,
running the Courier mail server, version 1.1.

---------------------------------------------------------------------------

                           UNDELIVERABLE MAIL

Your message to the following recipients cannot be delivered:

<bob@example.com>:
    mx.example.com [203.0.113.5]:
>>> RCPT TO:<bob@example.com>
<<< 550 5.1.1 <bob@example.com>... User unknown
`,
    notice: 'failure',
    recipients: [{ email: 'bob@example.com', reason: 'user_unknown', remoteMta: 'mx.example.com' }],
  },
];

describe('non-standard bounces read by their text', () => {
  it.each(ROWS.map((row) => [row.rule, row] as const))('reads the %s notice: its recipients, their diagnostics and servers', (_, row) => {
    const bounce = readTextBounce(row.text);
    expect(bounce).toMatchObject({ rule: row.rule, notice: row.notice, permanent: row.permanent ?? false });
    const read = bounce!.recipients.map((recipient) => ({
      email: recipient.email?.value,
      reason: classifyBounce({ diagnostic: recipient.diagnostic }).reason,
      ...(recipient.remoteMta !== null ? { remoteMta: recipient.remoteMta } : {}),
    }));
    expect(read).toEqual(row.recipients);
  });

  it('has a case for every rule', () => {
    expect(TEXT_BOUNCE_RULES.map((rule) => rule.id).filter((id) => !ROWS.some((row) => row.rule === id))).toEqual([
      'sendmail-warning',
      'exchange-summary',
      'courier-delay',
    ]);
  });

  it('reads the headers of the returned message copied into the notice', () => {
    const bounce = readTextBounce(ROWS[0].text);
    expect(bounce?.returnedHeaders).toContainEqual({ name: 'x-campaign-id', value: '42' });
  });

  it('gives each server answer to its own recipient', () => {
    const bounce = readTextBounce(ROWS[0].text);
    expect(bounce?.recipients.map((recipient) => recipient.diagnostic)).toEqual([
      '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown',
      "Sorry, I couldn't find any host named nowhere.example. (#5.1.2)",
    ]);
  });

  it('reads the summary of an Exchange NDR that lacks its administrators part', () => {
    const bounce = readTextBounce(
      "Your message to bob@example.com couldn't be delivered.\nbob wasn't found at example.com.\n\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\n",
    );
    expect(bounce?.rule).toBe('exchange-summary');
    expect(bounce?.recipients.map((recipient) => recipient.email?.value)).toEqual(['bob@example.com']);
  });

  it('recognises a notice that names no readable recipient, keeping its diagnostic for a VERP address', () => {
    const bounce = readTextBounce(
      'Sorry, we were unable to deliver your message to the following address.\n\n<bob>:\nRemote host said: 550 5.1.1 no such user\n',
    );
    expect(bounce).toMatchObject({ rule: 'yahoo', diagnostic: '550 5.1.1 no such user' });
    expect(bounce?.recipients.map((recipient) => recipient.email)).toEqual([null]);
  });

  it('reads no bounce in an ordinary message', () => {
    expect(readTextBounce('Thanks for the newsletter! Could you send me the winter catalogue?')).toBeNull();
  });

  it(`reads at most ${MAX_REPORTS_PER_MESSAGE} recipients, in the first ${MAX_TEXT_SCANNED} characters`, () => {
    const lines = Array.from({ length: 3000 }, (_, n) => `<u${n}@example.com>:\nRemote host said: 550 5.1.1 no such user\n`).join('\n');
    const bounce = readTextBounce(`Sorry, we were unable to deliver your message to the following address.\n\n${lines}`);
    expect(bounce!.recipients.length).toBeLessThanOrEqual(MAX_REPORTS_PER_MESSAGE);
  });

  const EVERY_NOTICE = [
    "Hi. This is the qmail-send program. I'm afraid I wasn't able to deliver your message to the following addresses.",
    'Sorry, we were unable to deliver your message to the following address.',
    'This message was created automatically by mail delivery software.',
    'has not yet been delivered to one or more of its recipients; could not be delivered to one or more of its recipients',
    '----- The following addresses had transient non-fatal errors -----',
    '----- The following addresses had permanent fatal errors -----',
    'This is the mail system at host x. THIS IS A WARNING ONLY. could not be delivered to one or more recipients',
    'Diagnostic information for administrators. Delivery has failed to these recipients or groups',
    'The following recipient(s) cannot be reached',
    '** Delivery incomplete ** ** Address not found **',
    'was not delivered to:',
    'because:',
    'Courier mail server',
    'DELAYED MAIL',
    'UNDELIVERABLE MAIL',
  ].join('\n');

  it.each([
    ['blank lines', '\n'.repeat(70_000)],
    ['spaces', ' '.repeat(70_000)],
    ['one long word', 'a'.repeat(70_000)],
    ['open brackets', '<'.repeat(70_000)],
    ['open parentheses', '('.repeat(70_000)],
    ['reasons without an end', '(reason: '.repeat(8_000)],
    ['dots', `<a@${'.'.repeat(70_000)}x>:`],
    ['at signs', '@'.repeat(70_000)],
    ['dashes', '-'.repeat(70_000)],
  ])('reads a text of %s, recognised by every rule, in bounded time', (_, filler) => {
    const started = Date.now();
    readTextBounce(`${EVERY_NOTICE}\n${filler}`);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('reads a hostile text of megabytes in bounded time', () => {
    const hostile = `Hi. This is the qmail-send program\nto the following addresses.\n${'<'.repeat(500_000)}${' '.repeat(500_000)}${'a@'.repeat(500_000)}`;
    const started = Date.now();
    readTextBounce(hostile);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
