import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import { PostgresApiKeyRepository } from './postgres-api-key-repository.adapter';

describe('PostgresApiKeyRepository', () => {
  let db: TestOrm;
  let keys: PostgresApiKeyRepository;
  const hash = (char: string) => char.repeat(64);
  const createdAt = new Date('2026-01-10T12:00:00Z');

  beforeAll(async () => {
    db = await openTestOrm();
    keys = new PostgresApiKeyRepository(db.orm.em);
  });

  beforeEach(() => db.sql('truncate api_keys restart identity'));

  afterAll(() => db.close());

  it('adds a key and finds it by its hash', async () => {
    const added = await keys.add({ name: 'ci', keyHash: hash('a'), permissions: ['subscribers', 'campaigns'], createdAt });
    expect(added).toMatchObject({ id: 1, name: 'ci', permissions: ['subscribers', 'campaigns'], createdAt, lastUsedAt: null, revokedAt: null });
    expect(await keys.findByHash(hash('a'))).toEqual(added);
    expect(await keys.findByHash(hash('b'))).toBeNull();
  });

  it('refuses a second key with the same hash', async () => {
    await keys.add({ name: 'a', keyHash: hash('a'), permissions: ['subscribers'], createdAt });
    await expect(keys.add({ name: 'b', keyHash: hash('a'), permissions: ['subscribers'], createdAt })).rejects.toThrow();
  });

  it('upserts: creates, then restores permissions and un-revokes', async () => {
    const first = await keys.upsert({ name: 'bootstrap', keyHash: hash('c'), permissions: ['subscribers'], createdAt });
    await keys.revoke(first.id, new Date());
    const again = await keys.upsert({ name: 'bootstrap', keyHash: hash('c'), permissions: ['subscribers', 'campaigns'], createdAt });
    expect(again).toMatchObject({ id: first.id, permissions: ['subscribers', 'campaigns'], revokedAt: null });
    expect(await keys.list()).toHaveLength(1);
  });

  it('revokes every other key of a name, leaving the kept one, other names and earlier revocations alone', async () => {
    const earlier = new Date('2026-02-01T00:00:00Z');
    const now = new Date('2026-03-01T00:00:00Z');
    const old = await keys.add({ name: 'bootstrap', keyHash: hash('o'), permissions: ['subscribers'], createdAt });
    const older = await keys.add({ name: 'bootstrap', keyHash: hash('p'), permissions: ['subscribers'], createdAt });
    await keys.revoke(older.id, earlier);
    const kept = await keys.add({ name: 'bootstrap', keyHash: hash('k'), permissions: ['subscribers'], createdAt });
    const other = await keys.add({ name: 'ci', keyHash: hash('q'), permissions: ['subscribers'], createdAt });

    expect(await keys.revokeNamedExcept('bootstrap', kept.id, now)).toBe(1);
    expect((await keys.list()).map((key) => [key.id, key.revokedAt])).toEqual([
      [old.id, now],
      [older.id, earlier],
      [kept.id, null],
      [other.id, null],
    ]);
  });

  it('lists keys in creation order', async () => {
    await keys.add({ name: 'one', keyHash: hash('1'), permissions: ['subscribers'], createdAt });
    await keys.add({ name: 'two', keyHash: hash('2'), permissions: ['campaigns'], createdAt });
    expect((await keys.list()).map((key) => key.name)).toEqual(['one', 'two']);
  });

  it('revokes once, keeping the first date, and answers null for an unknown id', async () => {
    const key = await keys.add({ name: 'ci', keyHash: hash('d'), permissions: ['subscribers'], createdAt });
    const first = new Date('2026-02-01T00:00:00Z');
    expect((await keys.revoke(key.id, first))?.revokedAt).toEqual(first);
    expect((await keys.revoke(key.id, new Date('2026-03-01T00:00:00Z')))?.revokedAt).toEqual(first);
    expect(await keys.revoke(999, first)).toBeNull();
  });

  it('marks a key used', async () => {
    const key = await keys.add({ name: 'ci', keyHash: hash('e'), permissions: ['subscribers'], createdAt });
    const at = new Date('2026-02-02T00:00:00Z');
    await keys.markUsed(key.id, at);
    expect((await keys.findByHash(hash('e')))?.lastUsedAt).toEqual(at);
  });

  it("adds and lists in the transaction runner's transaction: what it adds is seen inside, and rolled back with it", async () => {
    const transactions = new PostgresTransactionRunner(db.orm.em);
    const rolledBack = new Error('rolled back on purpose');
    await expect(
      transactions.run(async () => {
        await keys.add({ name: 'inside', keyHash: hash('t'), permissions: ['subscribers'], createdAt });
        expect((await keys.list()).map((key) => key.name)).toEqual(['inside']);
        expect(await db.sql('select name from api_keys')).toEqual([]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await keys.list()).toEqual([]);
  });

  it('never stores anything but the hash', async () => {
    await keys.add({ name: 'ci', keyHash: hash('f'), permissions: ['subscribers'], createdAt });
    expect(Object.keys((await db.sql('select * from api_keys'))[0]).sort()).toEqual([
      'created_at',
      'id',
      'key_hash',
      'last_used_at',
      'name',
      'permissions',
      'revoked_at',
    ]);
  });
});
