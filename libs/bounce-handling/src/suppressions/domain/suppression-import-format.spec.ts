import { type ImportedRow, recogniseImportHeader, type SuppressionImportFormat, UnrecognisedImportHeaderError } from './suppression-import-format';

type Case = [description: string, header: string[], row: string[], format: SuppressionImportFormat, expected: ImportedRow];

const entry = (email: string, status: 'bounced' | 'unsubscribed', note: string | null): ImportedRow => ({ kind: 'entry', email, status, note });
const invalid = (reason: string): ImportedRow => ({ kind: 'invalid', reason });

describe('suppression import formats', () => {
  it.each<Case>([
    // Our own export
    [
      'our export: a bounced entry keeps its note',
      ['email', 'status', 'reason', 'origin', 'note', 'suppressed_at'],
      ['alice@example.com', 'bounced', 'hard-bounce', 'bounce', 'smtp; 550 5.1.1 user unknown', '2026-12-01T10:00:00Z'],
      'mailpass',
      entry('alice@example.com', 'bounced', 'smtp; 550 5.1.1 user unknown'),
    ],
    [
      'our export: an unsubscribed entry without a note',
      ['email', 'status', 'reason', 'origin', 'note', 'suppressed_at'],
      ['Bob@Example.com', 'unsubscribed', 'manual', 'manual', '', '2026-12-01T10:00:00Z'],
      'mailpass',
      entry('bob@example.com', 'unsubscribed', null),
    ],
    [
      'our export: the spreadsheet guard of a note is taken off',
      ['email', 'status', 'origin', 'note'],
      ['carol@example.com', 'bounced', 'import', '\'=HYPERLINK("http://x")'],
      'mailpass',
      entry('carol@example.com', 'bounced', '=HYPERLINK("http://x")'),
    ],
    [
      'our export: a status we do not suppress with is invalid',
      ['email', 'status', 'origin'],
      ['dave@example.com', 'active', 'manual'],
      'mailpass',
      invalid('status "active" is not bounced or unsubscribed'),
    ],
    // Amazon SES
    [
      'SES: BOUNCE is bounced, with the reason and time in the note',
      ['EmailAddress', 'Reason', 'LastUpdateTime'],
      ['recipient1@example.com', 'BOUNCE', '2026-04-10T21:03:05.471000+00:00'],
      'ses',
      entry('recipient1@example.com', 'bounced', 'SES: BOUNCE, 2026-04-10T21:03:05.471000+00:00'),
    ],
    [
      'SES: COMPLAINT is unsubscribed',
      ['EmailAddress', 'Reason', 'LastUpdateTime'],
      ['recipient2@example.com', 'COMPLAINT', '1586552585'],
      'ses',
      entry('recipient2@example.com', 'unsubscribed', 'SES: COMPLAINT, 1586552585'),
    ],
    [
      'SES: an unknown reason is invalid',
      ['EmailAddress', 'Reason', 'LastUpdateTime'],
      ['recipient3@example.com', 'UNSUBSCRIBE', '1586552585'],
      'ses',
      invalid('Reason "UNSUBSCRIBE" is not BOUNCE or COMPLAINT'),
    ],
    // Mailgun
    [
      'Mailgun bounces: bounced, with code, error and date',
      ['address', 'code', 'error', 'created_at'],
      ['baz@example.com', '550', 'No such mailbox', 'Fri, 21 Oct 2011 11:02:55 GMT'],
      'mailgun-bounces',
      entry('baz@example.com', 'bounced', 'Mailgun bounce: 550, No such mailbox, Fri, 21 Oct 2011 11:02:55 GMT'),
    ],
    [
      'Mailgun unsubscribes: unsubscribed from everything (tag *)',
      ['address', 'tags', 'created_at'],
      ['qux@example.com', '*', 'Fri, 21 Oct 2011 11:02:55 GMT'],
      'mailgun-unsubscribes',
      entry('qux@example.com', 'unsubscribed', 'Mailgun unsubscribe: Fri, 21 Oct 2011 11:02:55 GMT'),
    ],
    [
      'Mailgun unsubscribes: a tag is kept in the note',
      ['address', 'tags', 'created_at'],
      ['quux@example.com', 'newsletter', 'Tue, 01 Dec 2026 09:00:00 UTC'],
      'mailgun-unsubscribes',
      entry('quux@example.com', 'unsubscribed', 'Mailgun unsubscribe: tags newsletter, Tue, 01 Dec 2026 09:00:00 UTC'),
    ],
    [
      'Mailgun complaints: unsubscribed',
      ['address', 'created_at'],
      ['spam@example.com', 'Tue, 08 Sep 2026 10:15:00 UTC'],
      'mailgun-complaints',
      entry('spam@example.com', 'unsubscribed', 'Mailgun complaint: Tue, 08 Sep 2026 10:15:00 UTC'),
    ],
    // SendGrid
    [
      'SendGrid bounces: bounced, with status, reason and date',
      ['created', 'email', 'reason', 'status'],
      ['1443651125', 'bounce1@test.com', '550 5.1.1 The email account that you tried to reach does not exist.', '5.1.1'],
      'sendgrid-bounces',
      entry('bounce1@test.com', 'bounced', 'SendGrid bounce: 5.1.1, 550 5.1.1 The email account that you tried to reach does not exist., 1443651125'),
    ],
    [
      'SendGrid blocks (the same columns as bounces): bounced',
      ['email', 'created', 'reason', 'status'],
      ['blocked@example.com', '1443651154', '550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus', '5.7.1'],
      'sendgrid-bounces',
      entry('blocked@example.com', 'bounced', 'SendGrid bounce: 5.7.1, 550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus, 1443651154'),
    ],
    [
      'SendGrid spam reports: unsubscribed',
      ['email', 'created', 'ip'],
      ['user1@example.com', '1443651141', '10.63.202.100'],
      'sendgrid-spam-reports',
      entry('user1@example.com', 'unsubscribed', 'SendGrid spam report: 1443651141'),
    ],
    [
      'SendGrid invalid emails: bounced',
      ['email', 'created', 'reason'],
      ['invalid@example', '1443651141', 'Mail domain mentioned in email address is unknown'],
      'sendgrid-invalid-emails',
      invalid('"invalid@example" is not a valid e-mail address'),
    ],
    [
      'SendGrid invalid emails: a valid-looking address is bounced',
      ['email', 'created', 'reason'],
      ['typo@gmial.com', '1443651141', 'Mail domain mentioned in email address is unknown'],
      'sendgrid-invalid-emails',
      entry('typo@gmial.com', 'bounced', 'SendGrid invalid email: Mail domain mentioned in email address is unknown, 1443651141'),
    ],
    [
      'SendGrid global unsubscribes: unsubscribed',
      ['email', 'created'],
      ['unsub@example.com', '1443651141'],
      'sendgrid-unsubscribes',
      entry('unsub@example.com', 'unsubscribed', 'SendGrid unsubscribe: 1443651141'),
    ],
    [
      "SendGrid's console titles (Email, Date, Reason) are read as its invalid emails",
      ['Email', 'Date', 'Reason'],
      ['wrong@example.com', '2026-11-30 08:12:44', 'Known bad domain'],
      'sendgrid-invalid-emails',
      entry('wrong@example.com', 'bounced', 'SendGrid invalid email: Known bad domain, 2026-11-30 08:12:44'),
    ],
    // Postmark
    [
      'Postmark: HardBounce is bounced, with origin and date',
      ['EmailAddress', 'SuppressionReason', 'Origin', 'CreatedAt'],
      ['address@wildbit.com', 'HardBounce', 'Recipient', '2019-12-10T08:58:33-05:00'],
      'postmark',
      entry('address@wildbit.com', 'bounced', 'Postmark: HardBounce, Recipient, 2019-12-10T08:58:33-05:00'),
    ],
    [
      'Postmark: SpamComplaint is unsubscribed',
      ['EmailAddress', 'SuppressionReason', 'Origin', 'CreatedAt'],
      ['bounce.address@wildbit.com', 'SpamComplaint', 'Recipient', '2019-12-17T08:58:33-05:00'],
      'postmark',
      entry('bounce.address@wildbit.com', 'unsubscribed', 'Postmark: SpamComplaint, Recipient, 2019-12-17T08:58:33-05:00'),
    ],
    [
      'Postmark: ManualSuppression is unsubscribed',
      ['EmailAddress', 'SuppressionReason', 'Origin', 'CreatedAt'],
      ['bad.address@wildbit.com', 'ManualSuppression', 'Customer', '2019-12-17T08:58:33-05:00'],
      'postmark',
      entry('bad.address@wildbit.com', 'unsubscribed', 'Postmark: ManualSuppression, Customer, 2019-12-17T08:58:33-05:00'),
    ],
    [
      'Postmark: an unknown reason is invalid',
      ['EmailAddress', 'SuppressionReason', 'Origin', 'CreatedAt'],
      ['x@wildbit.com', 'SoftBounce', 'Recipient', '2019-12-17T08:58:33-05:00'],
      'postmark',
      invalid('SuppressionReason "SoftBounce" is not HardBounce, SpamComplaint or ManualSuppression'),
    ],
    // What every format shares
    ['an empty address is invalid', ['address', 'created_at'], ['', 'Tue, 08 Sep 2026 10:15:00 UTC'], 'mailgun-complaints', invalid('the address is empty')],
    [
      'a short row is read as far as it goes',
      ['EmailAddress', 'Reason', 'LastUpdateTime'],
      ['short@example.com', 'BOUNCE'],
      'ses',
      entry('short@example.com', 'bounced', 'SES: BOUNCE'),
    ],
    [
      'column names are read whatever their case, spacing and order',
      ['  Last Update Time', 'reason', 'email_address'],
      ['1586552585', 'bounce', 'Order@Example.COM'],
      'ses',
      entry('order@example.com', 'bounced', 'SES: BOUNCE, 1586552585'),
    ],
    [
      'columns we do not read are ignored',
      ['EmailAddress', 'Reason', 'LastUpdateTime', 'MessageId', 'FeedbackId'],
      ['extra@example.com', 'COMPLAINT', '1586552585', '0100017166b7f1c4-…', 'fb-1'],
      'ses',
      entry('extra@example.com', 'unsubscribed', 'SES: COMPLAINT, 1586552585'),
    ],
  ])('%s', (_description, header, row, format, expected) => {
    const recognised = recogniseImportHeader(header);
    expect(recognised.format).toBe(format);
    expect(recognised.readRow(row)).toEqual(expected);
  });

  it('cuts a long provider reason to 500 characters in the note', () => {
    const read = recogniseImportHeader(['address', 'code', 'error', 'created_at']).readRow(['long@example.com', '550', 'x'.repeat(2000), '']);
    expect(read.kind === 'entry' && read.note?.length).toBe(500);
  });

  it.each([
    ['an empty header row', [] as string[]],
    ['a header of one address column', ['email']],
    ['a contacts file', ['First Name', 'Last Name', 'E-mail']],
    ['a data row where the header should be', ['alice@example.com', 'BOUNCE', '1586552585']],
  ])('refuses %s, naming the columns it expected', (_description, header) => {
    const refusal = (() => {
      try {
        recogniseImportHeader(header);
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(UnrecognisedImportHeaderError);
    const message = (refusal as Error).message;
    expect(message).toContain('EmailAddress, SuppressionReason');
    expect(message).toContain('address, code, error, created_at');
    expect(message).toContain('email, created, reason, status');
    expect(message).toContain('email, status, origin');
  });
});
