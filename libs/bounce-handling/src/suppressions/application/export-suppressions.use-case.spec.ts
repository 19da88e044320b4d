import { NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { FixedClock, InMemoryAddressStore, InMemorySuppressionRepository } from '../../testing';
import type { Suppression, SuppressionFilter } from '../domain/suppression';
import { EXPORT_READ_BATCH, ExportSuppressions } from './export-suppressions.use-case';
import { SuppressionRepository } from './ports/suppression.repository.port';

describe('ExportSuppressions', () => {
  const now = new Date('2026-02-01T10:00:00Z');
  let store: InMemoryAddressStore;
  let suppressions: InMemorySuppressionRepository;

  beforeEach(() => {
    store = new InMemoryAddressStore();
    suppressions = new InMemorySuppressionRepository(store, new FixedClock(now));
    store.withAddressState('old@example.com', {
      ...NEW_ADDRESS_STATE,
      status: 'bounced',
      suppressedBy: 'hard-bounce',
      statusChangedAt: new Date('2026-01-10T12:00:00Z'),
    });
    store.withAddressState('new@example.org', {
      ...NEW_ADDRESS_STATE,
      status: 'unsubscribed',
      suppressedBy: 'manual',
      statusChangedAt: new Date('2026-01-20T08:30:00Z'),
    });
    store.withAddressState('active@example.com', { ...NEW_ADDRESS_STATE, status: 'active' });
    suppressions.notes.set('new@example.org', 'asked by phone, "no more"');
  });

  const text = async (chunks: AsyncIterable<string>): Promise<string> => {
    let all = '';
    for await (const chunk of chunks) all += chunk;
    return all;
  };

  it('writes CSV: the header row, then each suppression newest first', async () => {
    expect(await text(new ExportSuppressions(suppressions).execute({}, 'csv'))).toBe(
      'email,status,reason,origin,note,suppressed_at\r\n' +
        'new@example.org,unsubscribed,manual,manual,"asked by phone, ""no more""",2026-01-20T08:30:00Z\r\n' +
        'old@example.com,bounced,hard-bounce,bounce,,2026-01-10T12:00:00Z\r\n',
    );
  });

  it('writes NDJSON: one object a line, no header', async () => {
    const lines = (await text(new ExportSuppressions(suppressions).execute({}, 'ndjson'))).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        email: 'new@example.org',
        status: 'unsubscribed',
        reason: 'manual',
        origin: 'manual',
        note: 'asked by phone, "no more"',
        suppressed_at: '2026-01-20T08:30:00Z',
      },
      { email: 'old@example.com', status: 'bounced', reason: 'hard-bounce', origin: 'bounce', note: null, suppressed_at: '2026-01-10T12:00:00Z' },
    ]);
  });

  it('exports only the suppressions matching the filter', async () => {
    expect(await text(new ExportSuppressions(suppressions).execute({ domains: ['example.com'] }, 'csv'))).toBe(
      'email,status,reason,origin,note,suppressed_at\r\nold@example.com,bounced,hard-bounce,bounce,,2026-01-10T12:00:00Z\r\n',
    );
  });

  it('writes only the header row when nothing matches, and nothing at all as NDJSON', async () => {
    expect(await text(new ExportSuppressions(suppressions).execute({ statuses: ['bounced'], origins: ['import'] }, 'csv'))).toBe(
      'email,status,reason,origin,note,suppressed_at\r\n',
    );
    expect(await text(new ExportSuppressions(suppressions).execute({ origins: ['import'] }, 'ndjson'))).toBe('');
  });

  it('reads the list by the stream, a batch at a time, passing the filter on', async () => {
    const asked: [SuppressionFilter, number][] = [];
    class StreamOnly extends SuppressionRepository {
      list = () => Promise.reject(new Error('an export does not page'));
      saveNotes = () => Promise.reject(new Error('an export writes nothing'));
      async *streamAll(filter: SuppressionFilter, batchSize: number): AsyncIterable<Suppression> {
        asked.push([filter, batchSize]);
        for (let index = 0; index < 3000; index += 1) {
          yield { email: `user${index}@example.com`, status: 'bounced', origin: 'import', reason: 'import', note: null, subscriberId: null, suppressedAt: now };
        }
      }
    }
    const filter: SuppressionFilter = { statuses: ['bounced'] };
    const chunks: string[] = [];
    for await (const chunk of new ExportSuppressions(new StreamOnly()).execute(filter, 'ndjson')) chunks.push(chunk);
    expect(asked).toEqual([[filter, EXPORT_READ_BATCH]]);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('').split('\n')).toHaveLength(3001);
  });
});
