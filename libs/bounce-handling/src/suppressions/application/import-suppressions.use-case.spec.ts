import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import { NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import {
  FixedClock,
  InMemoryAddressStateRepository,
  InMemoryAddressStore,
  InMemoryOutbox,
  InMemoryStatusChangeLog,
  InMemorySuppressionRepository,
  InMemoryTransactionRunner,
} from '../../testing';
import { EmptyImportError, UnreadableImportHeaderError, UnrecognisedImportHeaderError } from '../domain/suppression-import-format';
import { AddSuppressions } from './add-suppressions.use-case';
import { type ImportCsvRecord, ImportSuppressions, MAX_LISTED_INVALID_ROWS } from './import-suppressions.use-case';

describe('ImportSuppressions', () => {
  const now = new Date('2026-02-01T10:00:00Z');
  let transactions: InMemoryTransactionRunner;
  let addresses: InMemoryAddressStateRepository;
  let suppressions: InMemorySuppressionRepository;
  let log: InMemoryStatusChangeLog;
  let batches: number[];

  const importSuppressions = () => {
    const add = new AddSuppressions(
      transactions,
      addresses,
      suppressions,
      log,
      { publish: async () => undefined },
      new FixedClock(now),
      new SoftSuppressionExpiry(null),
      new InMemoryOutbox(),
    );
    const execute = add.execute.bind(add);
    add.execute = async (command) => {
      batches.push(command.entries.length);
      return execute(command);
    };
    return new ImportSuppressions(add);
  };

  /** Records as a CSV reader gives them: header on line 1, one row a line after it. */
  async function* records(...rows: (string[] | { error: string })[]): AsyncIterable<ImportCsvRecord> {
    for (const [index, row] of rows.entries()) yield Array.isArray(row) ? { line: index + 1, fields: row } : { line: index + 1, error: row.error };
  }

  beforeEach(() => {
    transactions = new InMemoryTransactionRunner();
    const store = new InMemoryAddressStore();
    addresses = new InMemoryAddressStateRepository(store, transactions);
    suppressions = new InMemorySuppressionRepository(store, new FixedClock(now));
    log = new InMemoryStatusChangeLog();
    batches = [];
  });

  it('adds each valid row with origin import, its status and note, and counts them', async () => {
    const report = await importSuppressions().execute({
      records: records(
        ['EmailAddress', 'Reason', 'LastUpdateTime'],
        ['bounce@example.com', 'BOUNCE', '1586552585'],
        ['complaint@example.com', 'COMPLAINT', '1586552590'],
      ),
      actor: 'migration-key',
    });
    expect(report).toEqual({ format: 'ses', rows: 2, added: 2, alreadySuppressed: 0, invalid: 0, invalidRows: [] });
    expect(addresses.stateOf('bounce@example.com')).toMatchObject({ status: 'bounced', suppressedBy: 'import' });
    expect(addresses.stateOf('complaint@example.com')).toMatchObject({ status: 'unsubscribed', suppressedBy: 'import' });
    expect(suppressions.notes.get('bounce@example.com')).toBe('SES: BOUNCE, 1586552585');
    expect(log.entries.map((entry) => [entry.change.email, entry.change.reason, entry.actor])).toEqual([
      ['bounce@example.com', 'import', 'migration-key'],
      ['complaint@example.com', 'import', 'migration-key'],
    ]);
  });

  it('keeps the valid rows of a half-valid file and names each invalid one by its line', async () => {
    const report = await importSuppressions().execute({
      records: records(
        ['address', 'code', 'error', 'created_at'],
        ['good@example.com', '550', 'No such mailbox', 'Fri, 21 Oct 2011 11:02:55 GMT'],
        ['not an address', '550', 'No such mailbox', ''],
        { error: 'Quote Not Closed' },
        ['', '550', '', ''],
        ['also-good@example.com', '550', 'Mailbox disabled', ''],
      ),
      actor: 'ops',
    });
    expect(report).toEqual({
      format: 'mailgun-bounces',
      rows: 5,
      added: 2,
      alreadySuppressed: 0,
      invalid: 3,
      invalidRows: [
        { line: 3, reason: '"not an address" is not a valid e-mail address' },
        { line: 4, reason: 'not readable as CSV: Quote Not Closed' },
        { line: 5, reason: 'the address is empty' },
      ],
    });
    expect(addresses.stateOf('good@example.com')?.status).toBe('bounced');
    expect(addresses.stateOf('also-good@example.com')?.status).toBe('bounced');
  });

  it('counts an address already suppressed, and a repeated row, as already suppressed', async () => {
    addresses.withAddressState('old@example.com', { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'hard-bounce', statusChangedAt: now });
    const report = await importSuppressions().execute({
      records: records(
        ['email', 'created', 'reason', 'status'],
        ['old@example.com', '1443651125', '550 unknown', '5.1.1'],
        ['new@example.com', '1', 'x', '5.1.1'],
        ['NEW@example.com', '2', 'x', '5.1.1'],
      ),
      actor: 'ops',
    });
    expect(report).toMatchObject({ format: 'sendgrid-bounces', rows: 3, added: 1, alreadySuppressed: 2, invalid: 0 });
    expect(addresses.stateOf('old@example.com')?.suppressedBy).toBe('hard-bounce');
  });

  it('adds nothing when the same file is imported again', async () => {
    const file = () => records(['email', 'created'], ['one@example.com', '1443651141'], ['two@example.com', '1443651142']);
    await importSuppressions().execute({ records: file(), actor: 'ops' });
    const again = await importSuppressions().execute({ records: file(), actor: 'ops' });
    expect(again).toMatchObject({ format: 'sendgrid-unsubscribes', rows: 2, added: 0, alreadySuppressed: 2 });
  });

  it('adds the rows in batches of at most 1000, as they are read', async () => {
    async function* many(): AsyncIterable<ImportCsvRecord> {
      yield { line: 1, fields: ['email', 'created'] };
      for (let index = 0; index < 2500; index += 1) yield { line: index + 2, fields: [`user${index}@example.com`, '1443651141'] };
    }
    const report = await importSuppressions().execute({ records: many(), actor: 'ops' });
    expect(report).toMatchObject({ rows: 2500, added: 2500 });
    expect(batches).toEqual([1000, 1000, 500]);
  });

  it(`names the first ${MAX_LISTED_INVALID_ROWS} invalid rows and counts them all`, async () => {
    async function* garbage(): AsyncIterable<ImportCsvRecord> {
      yield { line: 1, fields: ['email', 'created'] };
      for (let index = 0; index < 1500; index += 1) yield { line: index + 2, fields: ['garbage', '1'] };
    }
    const report = await importSuppressions().execute({ records: garbage(), actor: 'ops' });
    expect(report.invalid).toBe(1500);
    expect(report.invalidRows).toHaveLength(MAX_LISTED_INVALID_ROWS);
    expect(report.invalidRows[0]).toEqual({ line: 2, reason: '"garbage" is not a valid e-mail address' });
  });

  it('refuses a file whose header it does not recognise, storing nothing', async () => {
    const attempt = importSuppressions().execute({ records: records(['First Name', 'E-mail'], ['Ann', 'ann@example.com']), actor: 'ops' });
    await expect(attempt).rejects.toBeInstanceOf(UnrecognisedImportHeaderError);
    expect(batches).toEqual([]);
    expect(addresses.stateOf('ann@example.com')).toBeUndefined();
  });

  it('refuses an empty file', async () => {
    await expect(importSuppressions().execute({ records: records(), actor: 'ops' })).rejects.toBeInstanceOf(EmptyImportError);
  });

  it('refuses a file whose header row cannot be read', async () => {
    await expect(importSuppressions().execute({ records: records({ error: 'Quote Not Closed' }), actor: 'ops' })).rejects.toBeInstanceOf(
      UnreadableImportHeaderError,
    );
  });
});
