import { FixedClock, InMemoryAllowListRepository } from '../../testing';
import { AllowListEntryNotFoundError } from '../domain/allow-list-entry';
import { InvalidAllowListPatternError } from '../domain/allow-list-pattern';
import { AllowListFacade } from './allow-list.facade';
import { AllowPattern } from './allow-pattern.use-case';
import { DisallowPattern } from './disallow-pattern.use-case';
import { FindAllowListed } from './find-allow-listed.use-case';
import { ListAllowList } from './list-allow-list.use-case';

function setUp() {
  const repository = new InMemoryAllowListRepository();
  const clock = new FixedClock();
  const allow = new AllowPattern(repository, clock);
  const disallow = new DisallowPattern(repository);
  const find = new FindAllowListed(repository);
  const list = new ListAllowList(repository);
  return { repository, clock, allow, disallow, find, list, facade: new AllowListFacade(find, allow, disallow) };
}

const NOW = new FixedClock().now();

describe('AllowPattern', () => {
  it('adds a normalised address with its note, the key that added it and the time', async () => {
    const { allow, repository } = setUp();
    expect(await allow.execute({ pattern: ' Seed@Example.com ', note: 'Gmail seed inbox', addedBy: 'ops' })).toEqual({
      entry: { pattern: 'seed@example.com', kind: 'address', note: 'Gmail seed inbox', addedBy: 'ops', createdAt: NOW },
      created: true,
    });
    expect([...repository.entries.keys()]).toEqual(['seed@example.com']);
  });

  it('adds a domain', async () => {
    const { allow } = setUp();
    expect((await allow.execute({ pattern: '@Test.Example.com', note: null, addedBy: null })).entry).toMatchObject({
      pattern: '@test.example.com',
      kind: 'domain',
    });
  });

  it('keeps an entry already there as it was, and says it was not created', async () => {
    const { allow, clock } = setUp();
    await allow.execute({ pattern: '@example.com', note: 'first', addedBy: 'ops' });
    clock.current = new Date('2026-02-01T00:00:00Z');
    expect(await allow.execute({ pattern: '@EXAMPLE.com', note: 'second', addedBy: 'other' })).toEqual({
      entry: { pattern: '@example.com', kind: 'domain', note: 'first', addedBy: 'ops', createdAt: NOW },
      created: false,
    });
  });

  it('refuses what is neither an address nor @ and a domain, storing nothing', async () => {
    const { allow, repository } = setUp();
    await expect(allow.execute({ pattern: 'example.com', note: null, addedBy: null })).rejects.toThrow(InvalidAllowListPatternError);
    expect(repository.entries.size).toBe(0);
  });

  it('refuses a note over 500 characters, naming it, storing nothing', async () => {
    const { allow, repository } = setUp();
    await expect(allow.execute({ pattern: '@example.com', note: 'x'.repeat(501), addedBy: null })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'note', message: 'must be shorter than or equal to 500 characters' }],
    });
    expect(repository.entries.size).toBe(0);
  });
});

describe('DisallowPattern', () => {
  it('removes the entry of the normalised pattern', async () => {
    const { allow, disallow, repository } = setUp();
    await allow.execute({ pattern: 'seed@example.com', note: null, addedBy: null });
    await disallow.execute('SEED@example.com');
    expect(repository.entries.size).toBe(0);
  });

  it('answers not found for a pattern not on the list', async () => {
    const { disallow } = setUp();
    await expect(disallow.execute('@example.com')).rejects.toThrow(AllowListEntryNotFoundError);
    await expect(disallow.execute('@example.com')).rejects.toMatchObject({ code: 'NOT_FOUND', message: '@example.com is not on the allow-list' });
  });

  it('refuses an invalid pattern before looking', async () => {
    const { disallow } = setUp();
    await expect(disallow.execute('not a pattern')).rejects.toThrow(InvalidAllowListPatternError);
  });
});

describe('ListAllowList', () => {
  it('lists newest first with the exact total', async () => {
    const { allow, list, clock } = setUp();
    await allow.execute({ pattern: 'a@example.com', note: null, addedBy: null });
    clock.current = new Date('2026-01-11T00:00:00Z');
    await allow.execute({ pattern: '@example.org', note: null, addedBy: null });
    const page = await list.execute({ limit: 1, offset: 0 });
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(page.items.map((entry) => entry.pattern)).toEqual(['@example.org']);
  });
});

describe('FindAllowListed', () => {
  it('finds addresses by their own entry or their domain’s, in one look-up of their patterns', async () => {
    const { allow, find, repository } = setUp();
    await allow.execute({ pattern: 'seed@example.com', note: null, addedBy: null });
    await allow.execute({ pattern: '@test.example.org', note: null, addedBy: null });
    const found = await find.execute(['seed@example.com', 'other@example.com', 'a@test.example.org', 'b@test.example.org', 'c@sub.test.example.org']);
    expect(found).toEqual(new Set(['seed@example.com', 'a@test.example.org', 'b@test.example.org']));
    expect(repository.lookUps).toHaveLength(1);
    expect([...repository.lookUps[0]].sort()).toEqual(
      [
        'seed@example.com',
        '@example.com',
        'other@example.com',
        'a@test.example.org',
        '@test.example.org',
        'b@test.example.org',
        'c@sub.test.example.org',
        '@sub.test.example.org',
      ].sort(),
    );
  });

  it('looks nothing up for no addresses', async () => {
    const { find, repository } = setUp();
    expect(await find.execute([])).toEqual(new Set());
    expect(repository.lookUps).toEqual([]);
  });
});

describe('AllowListFacade', () => {
  it('tells whether one address is on the list, in any case', async () => {
    const { facade } = setUp();
    await facade.allow('@example.com', { note: 'test domain' });
    expect(await facade.isAllowListed('Someone@Example.com')).toBe(true);
    expect(await facade.isAllowListed('someone@example.org')).toBe(false);
    expect(await facade.isAllowListed('not an address')).toBe(false);
  });

  it('adds without a key and removes, saying whether the pattern was there', async () => {
    const { facade, repository } = setUp();
    expect((await facade.allow('seed@example.com')).entry).toMatchObject({ note: null, addedBy: null });
    expect(await facade.disallow('seed@example.com')).toBe(true);
    expect(await facade.disallow('seed@example.com')).toBe(false);
    expect(repository.entries.size).toBe(0);
  });

  it('refuses an invalid pattern', async () => {
    const { facade } = setUp();
    await expect(facade.allow('*.example.com')).rejects.toThrow(InvalidAllowListPatternError);
    await expect(facade.disallow('*.example.com')).rejects.toThrow(InvalidAllowListPatternError);
  });
});
