import { NotFoundError } from '../../shared/domain/domain-error';
import { FixedClock, InMemoryApiKeyRepository } from '../../testing';
import { ApiKeysFacade } from './api-keys.facade';

describe('ApiKeysFacade', () => {
  it('creates a key shown once, lists it without its secret, and revokes it', async () => {
    const keys = new InMemoryApiKeyRepository();
    const clock = new FixedClock(new Date('2026-01-10T12:00:00Z'));
    const apiKeys = new ApiKeysFacade(keys, clock);

    const { apiKey, secret } = await apiKeys.create('ci', ['subscribers']);
    expect(secret).toMatch(/^mpk_/);
    expect(await apiKeys.list()).toEqual([expect.objectContaining({ id: apiKey.id, name: 'ci', permissions: ['subscribers'], revokedAt: null })]);
    expect(JSON.stringify(await apiKeys.list())).not.toContain(secret);

    clock.current = new Date('2026-01-11T08:00:00Z');
    expect(await apiKeys.revoke(apiKey.id)).toMatchObject({ id: apiKey.id, revokedAt: new Date('2026-01-11T08:00:00Z') });
    await expect(apiKeys.revoke(99)).rejects.toThrow(NotFoundError);
  });
});
