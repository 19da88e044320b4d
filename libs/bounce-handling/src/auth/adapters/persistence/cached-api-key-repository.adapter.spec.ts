import { FixedClock, InMemoryApiKeyRepository, ManualTableChanges } from '../../../testing';
import { CACHED_API_KEY_MAX_AGE_MS, CachedApiKeyRepository, MAX_CACHED_API_KEYS } from './cached-api-key-repository.adapter';

describe('CachedApiKeyRepository', () => {
  const at = new Date('2026-01-10T12:00:00Z');
  let stored: InMemoryApiKeyRepository;
  let clock: FixedClock;
  let keys: CachedApiKeyRepository;
  let changes: ManualTableChanges;
  let lookups: jest.SpyInstance;

  beforeEach(async () => {
    stored = new InMemoryApiKeyRepository();
    clock = new FixedClock(at);
    changes = new ManualTableChanges();
    keys = new CachedApiKeyRepository(stored, clock, changes);
    await stored.add({ name: 'client', keyHash: 'hash-1', permissions: ['subscribers'], createdAt: at });
    lookups = jest.spyOn(stored, 'findByHash');
  });

  it('answers a key looked up again from memory while the change feed listens', async () => {
    expect((await keys.findByHash('hash-1'))?.name).toBe('client');
    expect((await keys.findByHash('hash-1'))?.name).toBe('client');
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it('remembers that a key is unknown, too', async () => {
    expect(await keys.findByHash('nope')).toBeNull();
    expect(await keys.findByHash('nope')).toBeNull();
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it('asks the database every time while the change feed does not listen', async () => {
    changes.listening = false;
    await keys.findByHash('hash-1');
    await keys.findByHash('hash-1');
    expect(lookups).toHaveBeenCalledTimes(2);
  });

  it('forgets every key when told that api_keys changed, so that a revocation elsewhere is seen at the next look-up', async () => {
    await keys.findByHash('hash-1');
    await stored.revoke(1, at);
    changes.change('allowlist_entries');
    expect((await keys.findByHash('hash-1'))?.isRevoked).toBe(false);
    changes.change('api_keys');
    expect((await keys.findByHash('hash-1'))?.isRevoked).toBe(true);
  });

  it('forgets every key when one is revoked, added or made here', async () => {
    await keys.findByHash('hash-1');
    expect((await keys.revoke(1, at))?.isRevoked).toBe(true);
    expect((await keys.findByHash('hash-1'))?.isRevoked).toBe(true);
    expect(await keys.findByHash('hash-2')).toBeNull();
    await keys.add({ name: 'second', keyHash: 'hash-2', permissions: ['subscribers'], createdAt: at });
    expect((await keys.findByHash('hash-2'))?.name).toBe('second');
    await keys.upsert({ name: 'second', keyHash: 'hash-2', permissions: ['campaigns'], createdAt: at });
    expect((await keys.findByHash('hash-2'))?.permissions).toEqual(['campaigns']);
    await keys.revokeNamedExcept('second', 99, at);
    expect((await keys.findByHash('hash-2'))?.isRevoked).toBe(true);
  });

  it('does not remember a look-up that was under way when the keys changed', async () => {
    let release!: () => void;
    const before = await stored.findByHash('hash-1');
    lookups.mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve(before))));
    const slow = keys.findByHash('hash-1');
    await stored.revoke(1, at);
    changes.change('api_keys');
    release();
    expect((await slow)?.isRevoked).toBe(false);
    expect((await keys.findByHash('hash-1'))?.isRevoked).toBe(true);
  });

  it('asks the database again once an entry is a minute old', async () => {
    await keys.findByHash('hash-1');
    clock.current = new Date(at.getTime() + CACHED_API_KEY_MAX_AGE_MS);
    await keys.findByHash('hash-1');
    expect(lookups).toHaveBeenCalledTimes(2);
  });

  it('keeps the use it marked on the remembered key, so that the next use within the minute writes nothing', async () => {
    await keys.findByHash('hash-1');
    const used = new Date(at.getTime() + 1_000);
    await keys.markUsed(1, used);
    expect((await keys.findByHash('hash-1'))?.lastUsedAt).toEqual(used);
    expect(stored.markUsedCalls).toBe(1);
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it('forgets everything rather than grow past its bound', async () => {
    for (let i = 0; i < MAX_CACHED_API_KEYS; i += 1) await keys.findByHash(`unknown-${i}`);
    await keys.findByHash('hash-1');
    await keys.findByHash('unknown-0');
    expect(lookups).toHaveBeenCalledTimes(MAX_CACHED_API_KEYS + 2);
  });
});
