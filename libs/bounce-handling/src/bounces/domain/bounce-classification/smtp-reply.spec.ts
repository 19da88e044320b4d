import { normaliseDiagnostic, normaliseEnhancedStatus, normaliseReplyCode, parseSmtpReply, type SmtpReply } from './smtp-reply';

describe('parseSmtpReply', () => {
  it.each<[string, string, SmtpReply]>([
    [
      'reads a DSN diagnostic code',
      'smtp; 550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
      { replyCode: 550, status: '5.1.1', stage: null },
    ],
    [
      "reads Gmail's multi-line reply flattened into one",
      "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser d2e1a72fcca58-7e2b2e8f7d2si123456b3a.123 - gsmtp",
      { replyCode: 550, status: '5.1.1', stage: null },
    ],
    [
      "reads Gmail's multi-line reply on several lines",
      '452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452-4.2.2 the recipient to\n452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp 5a478bee46e88-2c3a4b6c9ffsi1234567eec.61 - gsmtp',
      { replyCode: 452, status: '4.2.2', stage: null },
    ],
    ["reads Exchange's #-prefixed NDR", '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##', { replyCode: 550, status: '5.1.1', stage: null }],
    ["reads qmail's status in parentheses", 'Sorry, no mailbox here by that name. (#5.1.1)', { replyCode: null, status: '5.1.1', stage: null }],
    [
      'reads a three-digit detail (Office 365)',
      '550 5.7.606 Access denied, banned sending IP [203.0.113.9]. To request removal from this list please visit https://sender.office.com/ and follow the directions. AS(1430)',
      { replyCode: 550, status: '5.7.606', stage: null },
    ],
    [
      "reads Postfix's note of the answered command",
      'host mx.example.com[192.0.2.25] said: 550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)',
      { replyCode: 550, status: '5.1.1', stage: 'rcpt' },
    ],
    [
      'reads a refusal of MAIL FROM',
      'host mx.example.com[192.0.2.25] said: 553 5.1.8 <bounce@sender.example>... Domain of sender address bounce@sender.example does not exist (in reply to MAIL FROM command)',
      { replyCode: 553, status: '5.1.8', stage: 'mail' },
    ],
    [
      'reads a refusal at the end of DATA',
      'host mx.example.com[192.0.2.25] said: 554 5.7.1 Message rejected as spam (in reply to end of DATA command)',
      { replyCode: 554, status: '5.7.1', stage: 'data' },
    ],
    [
      'reads a refusal of the greeting',
      'host mx.example.com[192.0.2.25] refused to talk to me: 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org (while receiving the initial server greeting)',
      { replyCode: 554, status: '5.7.1', stage: 'connect' },
    ],
    [
      "reads Exim's note of the command",
      'SMTP error from remote mail server after RCPT TO:<a@example.com>: 550 5.1.1 <a@example.com>: Recipient address rejected: User unknown',
      { replyCode: 550, status: '5.1.1', stage: 'rcpt' },
    ],
    [
      "reads Exim's refusal after the connection",
      'SMTP error from remote mail server after initial connection: 554 mx.example.com ESMTP not accepting connections',
      { replyCode: 554, status: null, stage: 'connect' },
    ],
    ['reads a reply code without a status (GMX)', '550 Requested action not taken: mailbox unavailable', { replyCode: 550, status: null, stage: null }],
    [
      'does not take an IP address for a status code',
      '554 5.7.1 Service unavailable; Client host [10.2.3.4] blocked',
      { replyCode: 554, status: '5.7.1', stage: null },
    ],
    [
      "does not take Yahoo's internal code for a status code",
      '421 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
      { replyCode: 421, status: null, stage: null },
    ],
    ['finds nothing in a text without codes', 'retry timeout exceeded', { replyCode: null, status: null, stage: null }],
  ])('%s', (_behaviour, text, expected) => {
    expect(parseSmtpReply(text)).toEqual(expected);
  });

  it('finds nothing in no text', () => {
    expect(parseSmtpReply(null)).toEqual({ replyCode: null, status: null, stage: null });
  });
});

describe('normaliseEnhancedStatus', () => {
  it.each<[string, string | null]>([
    ['5.1.1', '5.1.1'],
    [' 4.2.2 ', '4.2.2'],
    ['5.01.01', '5.1.1'],
    ['5.1.10', '5.1.10'],
    ['smtp; 550 5.7.26 Unauthenticated email', '5.7.26'],
    ['550', null],
    ['', null],
    ['6.1.1', null],
  ])('reads %j as %j', (value, expected) => {
    expect(normaliseEnhancedStatus(value)).toBe(expected);
  });
});

describe('normaliseReplyCode', () => {
  it.each<[string | number | null, number | null]>([
    [550, 550],
    ['452', 452],
    [498, 498],
    [605, null],
    ['250', null],
    ['5.1.1', null],
    [null, null],
  ])('reads %j as %j', (value, expected) => {
    expect(normaliseReplyCode(value)).toBe(expected);
  });
});

describe('normaliseDiagnostic', () => {
  it('joins a multi-line reply into one line without its line prefixes', () => {
    expect(normaliseDiagnostic('550-5.7.1 [198.51.100.7] Our system has detected that this message is\n550-5.7.1 likely unsolicited mail.')).toBe(
      '[198.51.100.7] our system has detected that this message is likely unsolicited mail.',
    );
  });

  it('keeps codes that do not open a line', () => {
    expect(normaliseDiagnostic('Sorry, no mailbox here by that name. (#5.1.1)')).toBe('sorry, no mailbox here by that name. (#5.1.1)');
  });
});
