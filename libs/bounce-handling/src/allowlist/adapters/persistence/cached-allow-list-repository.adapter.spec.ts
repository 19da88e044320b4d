import { InMemoryAllowListRepository, ManualTableChanges } from '../../../testing';
import type { AllowListEntry } from '../../domain/allow-list-entry';
import { CachedAllowListRepository, MAX_CACHED_ALLOW_LIST_PATTERNS } from './cached-allow-list-repository.adapter';

const entry = (pattern: string): AllowListEntry => ({
  pattern,
  kind: pattern.startsWith('@') ? 'domain' : 'address',
  note: null,
  addedBy: null,
  createdAt: new Date('2026-01-10T12:00:00Z'),
});

describe('CachedAllowListRepository', () => {
  let stored: InMemoryAllowListRepository;
  let changes: ManualTableChanges;
  let allowList: CachedAllowListRepository;

  beforeEach(async () => {
    stored = new InMemoryAllowListRepository();
    await stored.add(entry('seed@example.com'));
    await stored.add(entry('@test.example'));
    changes = new ManualTableChanges();
    allowList = new CachedAllowListRepository(stored, changes);
  });

  it('answers look-ups from one read of the whole list while the notices are heard', async () => {
    expect(await allowList.existing(['seed@example.com', 'other@example.com'])).toEqual(new Set(['seed@example.com']));
    expect(await allowList.existing(['@test.example', '@example.com'])).toEqual(new Set(['@test.example']));
    expect([stored.readsOfAll, stored.lookUps.length]).toEqual([1, 0]);
  });

  it('reads the list again after the database told that allowlist_entries changed, and not for another table', async () => {
    await allowList.existing(['seed@example.com']);
    await stored.add(entry('late@example.com'));
    changes.change('api_keys');
    expect(await allowList.existing(['late@example.com'])).toEqual(new Set());
    changes.change('allowlist_entries');
    expect(await allowList.existing(['late@example.com'])).toEqual(new Set(['late@example.com']));
    expect(stored.readsOfAll).toBe(2);
  });

  it('sees its own changes at once', async () => {
    await allowList.existing(['seed@example.com']);
    await allowList.add(entry('new@example.com'));
    expect(await allowList.existing(['new@example.com'])).toEqual(new Set(['new@example.com']));
    await allowList.remove('seed@example.com');
    expect(await allowList.existing(['seed@example.com'])).toEqual(new Set());
  });

  it('asks the database at every look-up while the notices are not heard', async () => {
    changes.listening = false;
    await allowList.existing(['seed@example.com']);
    await allowList.existing(['seed@example.com']);
    expect([stored.readsOfAll, stored.lookUps.length]).toEqual([0, 2]);
  });

  it('keeps no copy of a list too long to keep, and asks the database instead', async () => {
    for (let i = 0; i < MAX_CACHED_ALLOW_LIST_PATTERNS; i += 1) stored.entries.set(`u${i}@example.com`, entry(`u${i}@example.com`));
    expect(await allowList.existing(['seed@example.com', 'u7@example.com', 'nobody@example.com'])).toEqual(new Set(['seed@example.com', 'u7@example.com']));
    expect(await allowList.existing(['seed@example.com'])).toEqual(new Set(['seed@example.com']));
    expect([stored.readsOfAll, stored.lookUps.length]).toEqual([1, 2]);
  });

  it('does not keep a read that was under way when a change was told', async () => {
    let release!: () => void;
    const all = stored.all.bind(stored);
    jest.spyOn(stored, 'all').mockImplementationOnce(async (limit) => {
      const read = await all(limit);
      await new Promise<void>((resolve) => (release = resolve));
      return read;
    });
    const slow = allowList.existing(['late@example.com']);
    await new Promise((resolve) => setImmediate(resolve));
    await stored.add(entry('late@example.com'));
    changes.change('allowlist_entries');
    release();
    expect(await slow).toEqual(new Set());
    expect(await allowList.existing(['late@example.com'])).toEqual(new Set(['late@example.com']));
  });
});
