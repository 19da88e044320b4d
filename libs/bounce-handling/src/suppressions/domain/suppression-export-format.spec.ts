import { type ExportedSuppression, guardSpreadsheetCell, suppressionCsvHeader, suppressionCsvRow, suppressionNdjsonLine } from './suppression-export-format';
import { recogniseImportHeader } from './suppression-import-format';

const suppression = (overrides: Partial<ExportedSuppression> = {}): ExportedSuppression => ({
  email: 'alice@example.com',
  status: 'bounced',
  reason: 'hard-bounce',
  origin: 'bounce',
  note: null,
  suppressed_at: '2026-12-01T10:00:00.000Z',
  ...overrides,
});

describe('suppression export formats', () => {
  it('writes a CSV header row naming every column', () => {
    expect(suppressionCsvHeader()).toBe('email,status,reason,origin,note,suppressed_at\r\n');
  });

  it('writes a CSV row, empty cells for nulls, CRLF-terminated', () => {
    expect(suppressionCsvRow(suppression())).toBe('alice@example.com,bounced,hard-bounce,bounce,,2026-12-01T10:00:00.000Z\r\n');
  });

  it.each([
    ['a comma', 'smtp; 550, user unknown', '"smtp; 550, user unknown"'],
    ['a quote', 'said "no"', '"said ""no"""'],
    ['a line break', 'line one\nline two', '"line one\nline two"'],
    ['a carriage return first (also guarded)', '\rx', '"\'\rx"'],
  ])('quotes a cell holding %s', (_description, note, cell) => {
    expect(suppressionCsvRow(suppression({ note }))).toBe(`alice@example.com,bounced,hard-bounce,bounce,${cell},2026-12-01T10:00:00.000Z\r\n`);
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', "'quoted"])('puts a spreadsheet guard before %j', (value) => {
    expect(guardSpreadsheetCell(value)).toBe(`'${value}`);
  });

  it('leaves an ordinary cell as it is', () => {
    expect(guardSpreadsheetCell('smtp; 550 user unknown')).toBe('smtp; 550 user unknown');
  });

  it('writes one NDJSON object a line, its keys in column order and nulls kept', () => {
    const line = suppressionNdjsonLine(suppression({ note: 'a "quoted"\nnote', status: 'unsubscribed' }));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(Object.keys(JSON.parse(line))).toEqual(['email', 'status', 'reason', 'origin', 'note', 'suppressed_at']);
    expect(JSON.parse(line)).toEqual({
      email: 'alice@example.com',
      status: 'unsubscribed',
      reason: 'hard-bounce',
      origin: 'bounce',
      note: 'a "quoted"\nnote',
      suppressed_at: '2026-12-01T10:00:00.000Z',
    });
  });

  it('writes a file our import recognises as its own, the guard and quotes undone', () => {
    const header = suppressionCsvHeader().trimEnd().split(',');
    const recognised = recogniseImportHeader(header);
    expect(recognised.format).toBe('mailpass');
    const note = '=cmd|" /C calc"!A0';
    const row = suppressionCsvRow(suppression({ note }));
    // The one quoted cell of this row, unquoted as a CSV reader would.
    const cells = row
      .trimEnd()
      .match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)!
      .map((cell) => cell.replace(/,$/, ''));
    const fields = cells.map((cell) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell));
    expect(recognised.readRow(fields)).toEqual({ kind: 'entry', email: 'alice@example.com', status: 'bounced', note });
  });
});
