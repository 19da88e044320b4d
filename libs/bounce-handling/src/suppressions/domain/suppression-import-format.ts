import type { SuppressedStatus } from '../../shared/domain/address-status';
import { EmailAddress } from '../../shared/domain/email-address';
import { ValidationError } from '../../shared/domain/domain-error';
import { SPREADSHEET_GUARDED } from './suppression-export-format';
import { MAX_SUPPRESSION_NOTE_LENGTH } from './suppression';

/**
 * The suppression files an import reads, recognised by their header row (docs/suppression-import.md).
 * Column names are compared without case, spaces, underscores or hyphens (`EmailAddress`,
 * `email_address` and `Email Address` are one column), in any order; columns we do not read are
 * ignored. Sources of each provider's columns:
 *
 * - Amazon SES: the account-level suppression list as `ListSuppressedDestinations` answers it
 *   (`aws sesv2 list-suppressed-destinations`), one `SuppressedDestinationSummary` a row —
 *   `EmailAddress`, `Reason` (`BOUNCE` | `COMPLAINT`), `LastUpdateTime`
 *   (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SuppressedDestinationSummary.html).
 * - Mailgun: the suppression lists' CSV files, whose columns its import takes back — bounces
 *   `address, code, error, created_at`; unsubscribes `address, tags, created_at`; complaints
 *   `address, created_at`
 *   (https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/bounces/post-v3--domainid--bounces-import,
 *   …/unsubscribe/post-v3--domainid--unsubscribes-import, …/complaints/post-v3--domainid--complaints-import).
 * - SendGrid: the suppression lists' "Export CSV" (https://www.twilio.com/docs/sendgrid/ui/sending-email/bounces),
 *   whose columns are the list's fields — bounces and blocks `email, created, reason, status`;
 *   spam reports `email, created, ip`; invalid emails `email, created, reason`; global
 *   unsubscribes `email, created`
 *   (https://www.twilio.com/docs/sendgrid/api-reference/bounces-api, …/spam-reports-api, …/invalid-e-mails-api,
 *   …/suppressions-global-suppressions). The console's column titles (`Email`, `Date`) are read too.
 * - Postmark: the suppressions dump of a message stream (`GET /message-streams/{stream}/suppressions/dump`),
 *   one suppression a row — `EmailAddress`, `SuppressionReason` (`HardBounce` | `SpamComplaint` |
 *   `ManualSuppression`), `Origin` (`Recipient` | `Customer` | `Admin`), `CreatedAt`
 *   (https://postmarkapp.com/developer/api/suppressions-api).
 */
export const SUPPRESSION_IMPORT_FORMATS = [
  'mailpass',
  'postmark',
  'ses',
  'mailgun-bounces',
  'mailgun-unsubscribes',
  'mailgun-complaints',
  'sendgrid-spam-reports',
  'sendgrid-bounces',
  'sendgrid-invalid-emails',
  'sendgrid-unsubscribes',
] as const;
export type SuppressionImportFormat = (typeof SUPPRESSION_IMPORT_FORMATS)[number];

/** The statuses an import can give: those of a suppressed address. */
export type ImportedSuppressionStatus = SuppressedStatus;

/** One row read: the entry to add, or why the row is not one. */
export type ImportedRow =
  | { readonly kind: 'entry'; readonly email: string; readonly status: ImportedSuppressionStatus; readonly note: string | null }
  | { readonly kind: 'invalid'; readonly reason: string };

/** A header row read: the format, and how to read each row of it. */
export interface RecognisedImportHeader {
  readonly format: SuppressionImportFormat;
  readRow(fields: readonly string[]): ImportedRow;
}

export class UnrecognisedImportHeaderError extends ValidationError {
  constructor(found: readonly string[]) {
    const expected = FORMATS.map((format) => `${format.label}: ${format.columns.join(', ')}`);
    super(
      `The header row (${found.length === 0 ? 'empty' : found.map((name) => JSON.stringify(name)).join(', ')}) is not one of a suppression file we read; expected the columns of one of: ${expected.join('; ')}`,
      [{ field: 'header', message: `expected the columns of one of: ${expected.join('; ')}` }],
    );
  }
}

export class EmptyImportError extends ValidationError {
  constructor() {
    super('The file is empty: expected a header row, then one suppression a row', [{ field: 'header', message: 'is missing' }]);
  }
}

export class UnreadableImportHeaderError extends ValidationError {
  constructor(reason: string) {
    super(`The header row cannot be read: ${reason}`, [{ field: 'header', message: reason }]);
  }
}

/** A column named in the file: its normalised name, or one of several names. */
type Column = string | readonly string[];

interface FormatDefinition {
  readonly format: SuppressionImportFormat;
  /** For the error that lists what we expected. */
  readonly label: string;
  /** As the provider names them, for that error; compared normalised. */
  readonly columns: readonly string[];
  /** Every one must be present. */
  readonly required: readonly Column[];
  /** Read when present. */
  readonly optional?: readonly Column[];
  read(row: RowReader): ImportedRow;
}

/** The cells of one row by column name. */
class RowReader {
  constructor(
    private readonly index: ReadonlyMap<string, number>,
    private readonly fields: readonly string[],
  ) {}

  /** The trimmed cell, '' when the column is absent or the row short. */
  get(column: Column): string {
    for (const name of typeof column === 'string' ? [column] : column) {
      const at = this.index.get(name);
      if (at !== undefined) return (this.fields[at] ?? '').trim();
    }
    return '';
  }
}

const EMAIL = ['email', 'emailaddress'] as const;
const SENDGRID_CREATED = ['created', 'date'] as const;

/**
 * Most specific first: the first whose required columns are all present wins (SendGrid's
 * bounces, with `status`, before its invalid emails, which have `reason` alone).
 */
const FORMATS: readonly FormatDefinition[] = [
  {
    format: 'mailpass',
    label: 'our export',
    columns: ['email', 'status', 'origin', 'reason', 'note', 'suppressed_at'],
    required: ['email', 'status', 'origin'],
    read: (row) => {
      const status = unguarded(row.get('status')).toLowerCase();
      if (status !== 'bounced' && status !== 'unsubscribed') return invalid(`status ${quoted(status)} is not bounced or unsubscribed`);
      return entry(unguarded(row.get('email')), status, cut(unguarded(row.get('note'))));
    },
  },
  {
    format: 'postmark',
    label: 'Postmark suppressions',
    columns: ['EmailAddress', 'SuppressionReason', 'Origin', 'CreatedAt'],
    required: ['emailaddress', 'suppressionreason'],
    read: (row) => {
      const reason = row.get('suppressionreason');
      const status = POSTMARK_REASONS[reason.toLowerCase()];
      if (status === undefined) return invalid(`SuppressionReason ${quoted(reason)} is not HardBounce, SpamComplaint or ManualSuppression`);
      return entry(row.get('emailaddress'), status, note('Postmark', reason, row.get('origin'), row.get('createdat')));
    },
  },
  {
    format: 'ses',
    label: 'Amazon SES suppression list',
    columns: ['EmailAddress', 'Reason', 'LastUpdateTime'],
    required: ['emailaddress', 'reason'],
    read: (row) => {
      const reason = row.get('reason').toUpperCase();
      if (reason !== 'BOUNCE' && reason !== 'COMPLAINT') return invalid(`Reason ${quoted(row.get('reason'))} is not BOUNCE or COMPLAINT`);
      return entry(row.get('emailaddress'), reason === 'BOUNCE' ? 'bounced' : 'unsubscribed', note('SES', reason, row.get('lastupdatetime')));
    },
  },
  {
    format: 'mailgun-bounces',
    label: 'Mailgun bounces',
    columns: ['address', 'code', 'error', 'created_at'],
    required: ['address', 'error'],
    read: (row) => entry(row.get('address'), 'bounced', note('Mailgun bounce', row.get('code'), row.get('error'), row.get('createdat'))),
  },
  {
    format: 'mailgun-unsubscribes',
    label: 'Mailgun unsubscribes',
    columns: ['address', 'tags', 'created_at'],
    required: ['address', 'tags'],
    read: (row) => {
      const tags = row.get('tags');
      return entry(row.get('address'), 'unsubscribed', note('Mailgun unsubscribe', tags === '' || tags === '*' ? '' : `tags ${tags}`, row.get('createdat')));
    },
  },
  {
    format: 'mailgun-complaints',
    label: 'Mailgun complaints',
    columns: ['address', 'created_at'],
    required: ['address', 'createdat'],
    read: (row) => entry(row.get('address'), 'unsubscribed', note('Mailgun complaint', row.get('createdat'))),
  },
  {
    format: 'sendgrid-spam-reports',
    label: 'SendGrid spam reports',
    columns: ['email', 'created', 'ip'],
    required: [EMAIL, SENDGRID_CREATED, 'ip'],
    read: (row) => entry(row.get(EMAIL), 'unsubscribed', note('SendGrid spam report', row.get(SENDGRID_CREATED))),
  },
  {
    format: 'sendgrid-bounces',
    label: 'SendGrid bounces or blocks',
    columns: ['email', 'created', 'reason', 'status'],
    required: [EMAIL, SENDGRID_CREATED, 'reason', 'status'],
    read: (row) => entry(row.get(EMAIL), 'bounced', note('SendGrid bounce', row.get('status'), row.get('reason'), row.get(SENDGRID_CREATED))),
  },
  {
    format: 'sendgrid-invalid-emails',
    label: 'SendGrid invalid emails',
    columns: ['email', 'created', 'reason'],
    required: [EMAIL, SENDGRID_CREATED, 'reason'],
    read: (row) => entry(row.get(EMAIL), 'bounced', note('SendGrid invalid email', row.get('reason'), row.get(SENDGRID_CREATED))),
  },
  {
    format: 'sendgrid-unsubscribes',
    label: 'SendGrid global unsubscribes',
    columns: ['email', 'created'],
    required: [EMAIL, SENDGRID_CREATED],
    read: (row) => entry(row.get(EMAIL), 'unsubscribed', note('SendGrid unsubscribe', row.get(SENDGRID_CREATED))),
  },
];

/**
 * Postmark's reasons: a hard bounce is a mailbox that does not take mail; a spam complaint, and
 * a suppression its customer added by hand, are someone's wish not to get mail.
 */
const POSTMARK_REASONS: Readonly<Record<string, ImportedSuppressionStatus>> = {
  hardbounce: 'bounced',
  spamcomplaint: 'unsubscribed',
  manualsuppression: 'unsubscribed',
};

/** The format of a header row, and its row reader; an unknown header is refused. */
export function recogniseImportHeader(header: readonly string[]): RecognisedImportHeader {
  const index = new Map<string, number>();
  header.forEach((name, at) => {
    const key = normaliseColumn(name);
    if (key !== '' && !index.has(key)) index.set(key, at);
  });
  const present = (column: Column): boolean => (typeof column === 'string' ? index.has(column) : column.some((name) => index.has(name)));
  const definition = FORMATS.find((candidate) => candidate.required.every(present));
  if (definition === undefined) throw new UnrecognisedImportHeaderError(header.map((name) => name.replace(/^\uFEFF/, '').trim()).filter((name) => name !== ''));
  return { format: definition.format, readRow: (fields) => definition.read(new RowReader(index, fields)) };
}

/** `EmailAddress`, `email_address`, `Email Address` and `"emailaddress"` are one column. */
function normaliseColumn(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function entry(rawEmail: string, status: ImportedSuppressionStatus, note: string | null): ImportedRow {
  if (rawEmail === '') return invalid('the address is empty');
  const email = EmailAddress.tryParse(rawEmail);
  if (email === null) return invalid(`${quoted(rawEmail)} is not a valid e-mail address`);
  return { kind: 'entry', email: email.value, status, note };
}

function invalid(reason: string): ImportedRow {
  return { kind: 'invalid', reason };
}

/** The provider's name and what it said of the address, when it said anything: `SES: BOUNCE, 1700000000`. */
function note(source: string, ...parts: string[]): string | null {
  return cut(`${source}: ${parts.filter((part) => part !== '').join(', ')}`.replace(/: $/, ''));
}

function cut(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/\u0000/g, '').trim();
  if (cleaned === '') return null;
  return cleaned.length > MAX_SUPPRESSION_NOTE_LENGTH ? cleaned.slice(0, MAX_SUPPRESSION_NOTE_LENGTH) : cleaned;
}

/** A cell of our own export with its spreadsheet guard (`guardSpreadsheetCell`) taken off. */
function unguarded(cell: string): string {
  return SPREADSHEET_GUARDED.test(cell) ? cell.slice(1) : cell;
}

function quoted(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(shown);
}
