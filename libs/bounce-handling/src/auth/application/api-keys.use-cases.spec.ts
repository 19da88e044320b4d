import { NotFoundError, ValidationError } from '../../shared/domain/domain-error';
import { InMemoryApiKeyRepository, FixedClock } from '../../testing';
import { AuthenticationError } from '../domain/auth.errors';
import { hashApiKeySecret } from './api-key-secret';
import { AuthenticateApiKey, CreateApiKey, EnsureBootstrapApiKey, ListApiKeys, RevokeApiKey } from './api-keys.use-cases';

function setUp() {
  const keys = new InMemoryApiKeyRepository();
  const clock = new FixedClock();
  return {
    keys,
    clock,
    create: new CreateApiKey(keys, clock),
    list: new ListApiKeys(keys),
    revoke: new RevokeApiKey(keys, clock),
    ensureBootstrap: new EnsureBootstrapApiKey(keys, clock),
    authenticate: new AuthenticateApiKey(keys, clock),
  };
}

describe('API key use cases', () => {
  it('creates a key, stores only its hash, and shows the secret once', async () => {
    const { create, keys } = setUp();
    const { apiKey, secret } = await create.execute('  ci  ', ['subscribers', 'subscribers']);
    expect(secret).toMatch(/^mpk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'ci', permissions: ['subscribers'] });
    expect(keys.rows[0].keyHash).toBe(hashApiKeySecret(secret));
    expect(JSON.stringify(keys.rows)).not.toContain(secret);
  });

  it('creates a different secret each time', async () => {
    const { create } = setUp();
    const first = await create.execute('a', ['subscribers']);
    const second = await create.execute('b', ['subscribers']);
    expect(first.secret).not.toBe(second.secret);
  });

  it.each([
    ['an empty name', '  ', ['subscribers']],
    ['a name over 100 characters', 'x'.repeat(101), ['subscribers']],
    ['no permission', 'ci', []],
    ['an unknown permission', 'ci', ['subscribers', 'admin']],
  ])('refuses %s', async (_case, name, permissions) => {
    const { create, keys } = setUp();
    await expect(create.execute(name, permissions)).rejects.toThrow(ValidationError);
    expect(keys.rows).toEqual([]);
  });

  it('authenticates a valid key', async () => {
    const { create, authenticate } = setUp();
    const { secret, apiKey } = await create.execute('ci', ['campaigns']);
    await expect(authenticate.execute(secret)).resolves.toMatchObject({ id: apiKey.id, permissions: ['campaigns'] });
  });

  it.each([
    ['no key', null],
    ['an empty key', ''],
    ['an unknown key', 'mpk_not-a-key'],
    ['an absurdly long key', 'x'.repeat(10_000)],
  ])('refuses %s', async (_case, presented) => {
    const { authenticate, create } = setUp();
    await create.execute('ci', ['subscribers']);
    await expect(authenticate.execute(presented)).rejects.toThrow(AuthenticationError);
  });

  it('refuses a revoked key, and revoking twice keeps the first date', async () => {
    const { create, revoke, authenticate, clock } = setUp();
    const { secret, apiKey } = await create.execute('ci', ['subscribers']);
    const first = await revoke.execute(apiKey.id);
    clock.current = new Date('2026-05-01T00:00:00Z');
    const second = await revoke.execute(apiKey.id);
    expect(second.revokedAt).toEqual(first.revokedAt);
    await expect(authenticate.execute(secret)).rejects.toThrow(AuthenticationError);
  });

  it('answers not found when revoking an unknown key', async () => {
    await expect(setUp().revoke.execute(42)).rejects.toThrow(NotFoundError);
  });

  it('records the last use at most once a minute', async () => {
    const { create, authenticate, keys, clock } = setUp();
    const { secret } = await create.execute('ci', ['subscribers']);
    await authenticate.execute(secret);
    clock.current = new Date(clock.current.getTime() + 30_000);
    await authenticate.execute(secret);
    expect(keys.markUsedCalls).toBe(1);
    clock.current = new Date(clock.current.getTime() + 61_000);
    await authenticate.execute(secret);
    expect(keys.markUsedCalls).toBe(2);
  });

  it('ensures the bootstrap key with every permission, even after it was revoked', async () => {
    const { ensureBootstrap, revoke, authenticate, list } = setUp();
    const secret = 'bootstrap-secret-of-enough-length';
    const key = await ensureBootstrap.execute(secret);
    expect(key.permissions).toEqual(['subscribers', 'campaigns', 'inbound', 'webhooks']);
    await revoke.execute(key.id);
    await ensureBootstrap.execute(secret);
    await expect(authenticate.execute(secret)).resolves.toMatchObject({ name: 'bootstrap' });
    expect(await list.execute()).toHaveLength(1);
  });

  it('revokes the key of the previous BOOTSTRAP_API_KEY value when the value changes: one bootstrap key at a time', async () => {
    const { ensureBootstrap, authenticate, list } = setUp();
    await ensureBootstrap.execute('first-bootstrap-secret-0123456789');
    await ensureBootstrap.execute('second-bootstrap-secret-0123456789');

    await expect(authenticate.execute('first-bootstrap-secret-0123456789')).rejects.toThrow(AuthenticationError);
    await expect(authenticate.execute('second-bootstrap-secret-0123456789')).resolves.toMatchObject({ name: 'bootstrap' });
    expect((await list.execute()).map((key) => ({ name: key.name, revoked: key.revokedAt !== null }))).toEqual([
      { name: 'bootstrap', revoked: true },
      { name: 'bootstrap', revoked: false },
    ]);
  });

  it('leaves keys made with the CLI alone when the bootstrap key changes', async () => {
    const { create, ensureBootstrap, authenticate } = setUp();
    const { secret } = await create.execute('billing script', ['subscribers']);
    await ensureBootstrap.execute('first-bootstrap-secret-0123456789');
    await ensureBootstrap.execute('second-bootstrap-secret-0123456789');
    await expect(authenticate.execute(secret)).resolves.toMatchObject({ name: 'billing script' });
  });

  it('keeps the name "bootstrap" for BOOTSTRAP_API_KEY: a key made with the CLI cannot take it', async () => {
    const { create } = setUp();
    await expect(create.execute(' bootstrap ', ['subscribers'])).rejects.toThrow(
      new ValidationError('name "bootstrap" is kept for the key of BOOTSTRAP_API_KEY: choose another'),
    );
  });
});
