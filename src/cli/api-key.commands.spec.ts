import { ApiKeysFacade } from '../../libs/bounce-handling/src';
import { InMemoryApiKeyRepository, FixedClock } from '../../libs/bounce-handling/src/testing';
import { apiKeyTable, createApiKeyCommand, listApiKeysCommand, revokeApiKeyCommand } from './api-key.commands';

function setUp() {
  const keys = new InMemoryApiKeyRepository();
  const clock = new FixedClock(new Date('2026-01-10T12:00:00.456Z'));
  const lines: string[] = [];
  return {
    keys,
    clock,
    lines,
    print: (line: string) => void lines.push(line),
    apiKeys: new ApiKeysFacade(keys, clock),
  };
}

describe('api-key commands', () => {
  it('prints the new key alone on the last line, after what it may do', async () => {
    const { apiKeys, print, lines } = setUp();
    await createApiKeyCommand(apiKeys, print, { name: 'ci', permissions: ['subscribers', 'campaigns'] });
    expect(lines.at(-1)).toMatch(/^mpk_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join('\n')).toContain('Created API key 1 "ci" with the permissions: subscribers, campaigns');
    expect(lines.slice(0, -1).join('\n')).toContain('not shown again');
  });

  it('lists the keys as a table with their history and never a secret', async () => {
    const { apiKeys, keys, clock, print, lines } = setUp();
    const { secret } = await apiKeys.create('ci', ['subscribers']);
    await apiKeys.create('ui', ['subscribers', 'campaigns']);
    await keys.markUsed(2, new Date('2026-01-11T08:30:00Z'));
    clock.current = new Date('2026-01-12T09:00:00Z');
    await apiKeys.revoke(1);

    await listApiKeysCommand(apiKeys, print);

    expect(lines).toEqual([
      'ID  NAME  PERMISSIONS            CREATED               LAST USED             REVOKED',
      '1   ci    subscribers            2026-01-10T12:00:00Z  never                 2026-01-12T09:00:00Z',
      '2   ui    subscribers,campaigns  2026-01-10T12:00:00Z  2026-01-11T08:30:00Z  -',
    ]);
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(keys.rows[0].keyHash);
  });

  it('says so when there is no key yet', async () => {
    const { apiKeys, print, lines } = setUp();
    await listApiKeysCommand(apiKeys, print);
    expect(lines).toEqual([expect.stringContaining('No API keys yet')]);
  });

  it('shows control characters of a name as "?" so a name cannot drive the terminal', () => {
    const [, row] = apiKeyTable([
      { id: 7, name: 'evil\u001b[2Jname\n', permissions: ['subscribers'], createdAt: new Date(0), lastUsedAt: null, revokedAt: null } as never,
    ]);
    expect(row).toContain('evil?[2Jname?');
    // eslint-disable-next-line no-control-regex -- NUL and control characters are looked for on purpose
    expect(row).not.toMatch(/[\u0000-\u001f]/);
  });

  it('revokes a key and says since when', async () => {
    const { apiKeys, keys, print, lines } = setUp();
    await apiKeys.create('ci', ['subscribers']);
    await revokeApiKeyCommand(apiKeys, print, 1);
    expect((await keys.list())[0].isRevoked).toBe(true);
    expect(lines).toEqual(['API key 1 "ci" is revoked (since 2026-01-10T12:00:00Z); requests with it are refused.']);
  });

  it('lets the library refuse an unknown permission or an unknown key, printing nothing', async () => {
    const { apiKeys, print, lines } = setUp();
    await expect(createApiKeyCommand(apiKeys, print, { name: 'ci', permissions: ['admin'] })).rejects.toThrow('unknown: admin');
    await expect(revokeApiKeyCommand(apiKeys, print, 9)).rejects.toThrow('No API key with id 9');
    expect(lines).toEqual([]);
  });
});
