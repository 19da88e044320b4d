import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ImportCsvRecord } from '../../application/import-suppressions.use-case';
import { recogniseImportHeader } from '../../domain/suppression-import-format';
import { csvImportRecords, MAX_CSV_RECORD_BYTES } from './csv-import-records';

const FIXTURES = join(__dirname, '..', '..', '__fixtures__');

async function all(body: Readable): Promise<ImportCsvRecord[]> {
  const records: ImportCsvRecord[] = [];
  for await (const record of csvImportRecords(body)) records.push(record);
  return records;
}

const text = (value: string): Readable => Readable.from([Buffer.from(value)]);

describe('csvImportRecords', () => {
  it('gives each record with the physical line it starts on, the header being line 1', async () => {
    expect(await all(text('email,created\r\n"a@example.com",1\r\n\r\n"multi\nline@example.com",2\r\nb@example.com,3\r\n'))).toEqual([
      { line: 1, fields: ['email', 'created'] },
      { line: 2, fields: ['a@example.com', '1'] },
      { line: 4, fields: ['multi\nline@example.com', '2'] },
      { line: 6, fields: ['b@example.com', '3'] },
    ]);
  });

  it('drops a byte-order mark, reads LF, CRLF and CR line ends, skips rows of empty cells', async () => {
    expect(await all(text('\uFEFFemail,created\na@example.com,1\r\nb@example.com,2\r,,\n  \nc@example.com,3'))).toEqual([
      { line: 1, fields: ['email', 'created'] },
      { line: 2, fields: ['a@example.com', '1'] },
      { line: 3, fields: ['b@example.com', '2'] },
      { line: 6, fields: ['c@example.com', '3'] },
    ]);
  });

  it('reads a stray quote inside a cell as text and rows of any length', async () => {
    expect(await all(text('email,created\nx"y@example.com,1\n"bad"q,2,extra\nshort\n'))).toEqual([
      { line: 1, fields: ['email', 'created'] },
      { line: 2, fields: ['x"y@example.com', '1'] },
      { line: 3, fields: ['"bad"q', '2', 'extra'] },
      { line: 4, fields: ['short'] },
    ]);
  });

  it('names the line of a quote never closed', async () => {
    expect(await all(text('email,created\na@example.com,1\n"open@example.com,2\nb@example.com,3\n'))).toEqual([
      { line: 1, fields: ['email', 'created'] },
      { line: 2, fields: ['a@example.com', '1'] },
      { line: 3, error: 'a quote opened on this line is never closed: the rest of the file is one cell' },
    ]);
  });

  it('says the file was not read past a record too long', async () => {
    const records = await all(text(`email,created\na@example.com,1\n${'x'.repeat(MAX_CSV_RECORD_BYTES + 1)},2\nb@example.com,3\n`));
    expect(records).toEqual([
      { line: 1, fields: ['email', 'created'] },
      { line: 2, fields: ['a@example.com', '1'] },
      { line: 3, error: `the row is longer than ${MAX_CSV_RECORD_BYTES} bytes: the file was not read past it` },
    ]);
  });

  it('reads a body that arrives in pieces, a cell split across them', async () => {
    const pieces = ['ema', 'il,created\r\nsplit@exa', 'mple.com,1\r', '\nnext@example.com,2\r\n'].map((piece) => Buffer.from(piece));
    expect(await all(Readable.from(pieces))).toEqual([
      { line: 1, fields: ['email', 'created'] },
      { line: 2, fields: ['split@example.com', '1'] },
      { line: 3, fields: ['next@example.com', '2'] },
    ]);
  });

  it.each([
    [
      'ses-suppressed-destinations.csv',
      'ses',
      [
        ['nosuchuser@example.net', 'bounced'],
        ['spam-clicker@example.org', 'unsubscribed'],
      ],
    ],
    [
      'mailgun-bounces.csv',
      'mailgun-bounces',
      [
        ['gone.user@example.net', 'bounced'],
        ['disabled.box@example.org', 'bounced'],
      ],
    ],
    [
      'mailgun-unsubscribes.csv',
      'mailgun-unsubscribes',
      [
        ['leaver@example.net', 'unsubscribed'],
        ['newsletter.only@example.org', 'unsubscribed'],
      ],
    ],
    ['mailgun-complaints.csv', 'mailgun-complaints', [['reported.us@example.net', 'unsubscribed']]],
    [
      'sendgrid-bounces.csv',
      'sendgrid-bounces',
      [
        ['unknown.user@example.com', 'bounced'],
        ['closed.account@example.org', 'bounced'],
      ],
    ],
    ['sendgrid-blocks.csv', 'sendgrid-bounces', [['blocked.recipient@example.net', 'bounced']]],
    ['sendgrid-spam-reports.csv', 'sendgrid-spam-reports', [['marked.spam@example.com', 'unsubscribed']]],
    [
      'sendgrid-invalid-emails.csv',
      'sendgrid-invalid-emails',
      [
        ['typo@gmial.com', 'bounced'],
        ['no-at-sign.example.com', 'invalid'],
      ],
    ],
    ['sendgrid-unsubscribes.csv', 'sendgrid-unsubscribes', [['opted.out@example.com', 'unsubscribed']]],
    [
      'postmark-suppressions.csv',
      'postmark',
      [
        ['hard.bounced@example.com', 'bounced'],
        ['complainer@example.com', 'unsubscribed'],
        ['do.not.mail@example.com', 'unsubscribed'],
      ],
    ],
  ])('reads the provider file %s as %s', async (file, format, expected) => {
    const [header, ...rows] = await all(createReadStream(join(FIXTURES, file)));
    if (!('fields' in header)) throw new Error('the header is not readable');
    const recognised = recogniseImportHeader(header.fields);
    expect(recognised.format).toBe(format);
    const read = rows.map((row) => {
      if (!('fields' in row)) return ['unreadable', 'invalid'];
      const entry = recognised.readRow(row.fields);
      return entry.kind === 'entry' ? [entry.email, entry.status] : [row.fields[0], 'invalid'];
    });
    expect(read).toEqual(expected);
  });
});
