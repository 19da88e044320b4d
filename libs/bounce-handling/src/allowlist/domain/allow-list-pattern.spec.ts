import { AllowListPattern, addressesCovered, InvalidAllowListPatternError, patternsCovering } from './allow-list-pattern';

describe('AllowListPattern', () => {
  it.each<[string, string, string, 'address' | 'domain']>([
    ['an address', 'seed@example.com', 'seed@example.com', 'address'],
    ['an address, trimmed and lower-cased', '  Seed.Inbox+1@Example.COM ', 'seed.inbox+1@example.com', 'address'],
    ['a domain', '@example.com', '@example.com', 'domain'],
    ['a domain, trimmed and lower-cased', ' @Test.Example.ORG ', '@test.example.org', 'domain'],
    ['a domain of a subdomain', '@mail.example.co.uk', '@mail.example.co.uk', 'domain'],
    ['a punycode domain', '@xn--bcher-kva.example', '@xn--bcher-kva.example', 'domain'],
    [
      'a domain of 253 characters',
      `@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
      `@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
      'domain',
    ],
  ])('reads %s', (_case, input, value, kind) => {
    const pattern = AllowListPattern.parse(input);
    expect({ value: pattern.value, kind: pattern.kind }).toEqual({ value, kind });
  });

  it.each<[string, string]>([
    ['an empty string', ''],
    ['spaces', '   '],
    ['a bare @', '@'],
    ['a bare domain without @', 'example.com'],
    ['a domain of one label', '@localhost'],
    ['a domain with a leading dot', '@.example.com'],
    ['a domain with a trailing dot', '@example.com.'],
    ['a domain with an empty label', '@example..com'],
    ['a domain label starting with a hyphen', '@-example.com'],
    ['a domain label ending with a hyphen', '@example-.com'],
    ['a domain label of 64 characters', `@${'a'.repeat(64)}.com`],
    ['a domain pattern longer than an address may be', `@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`],
    ['two @ signs in a domain pattern', '@@example.com'],
    ['a bare wildcard', '*'],
    ['a wildcard domain', '@*.example.com'],
    ['an address with two @', 'a@b@example.com'],
    ['an address with a space', 'seed inbox@example.com'],
    ['an address without a domain', 'seed@'],
    ['a domain with a space', '@exa mple.com'],
    ['a domain with a NUL', '@example.com\u0000'],
    ['an address too long to store', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`],
  ])('refuses %s, naming the pattern', (_case, input) => {
    expect(AllowListPattern.tryParse(input)).toBeNull();
    expect(() => AllowListPattern.parse(input)).toThrow(InvalidAllowListPatternError);
    expect(() => AllowListPattern.parse(input)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', details: [expect.objectContaining({ field: 'pattern' })] }),
    );
  });

  // An address matches an entry of its own, or one of its domain exactly (no subdomains, no parents).
  it.each<[string, string, string, boolean]>([
    ['the same address', 'seed@example.com', 'seed@example.com', true],
    ['the same address in another case, with spaces', 'seed@example.com', ' SEED@Example.com ', true],
    ['another address of the same domain', 'seed@example.com', 'other@example.com', false],
    ['the same local part at another domain', 'seed@example.com', 'seed@example.org', false],
    ['an address of the domain', '@example.com', 'anyone@example.com', true],
    ['an address of the domain in another case', '@example.com', 'Anyone@EXAMPLE.com', true],
    ['an address of a subdomain', '@example.com', 'anyone@mail.example.com', false],
    ['an address of the parent domain', '@mail.example.com', 'anyone@example.com', false],
    ['an address of a domain that ends the same', '@example.com', 'anyone@notexample.com', false],
    ['an address whose local part names the domain', '@example.com', 'example.com@other.org', false],
    ['a provider address with a quoted local part holding @', '@example.com', '"a@b"@example.com', true],
    ['something that is no address', '@example.com', 'example.com', false],
  ])('%s: %s covers %s → %p', (_case, pattern, address, expected) => {
    expect(AllowListPattern.parse(pattern).matches(address)).toBe(expected);
  });

  it('gives the patterns that would cover an address: itself and its domain', () => {
    expect(patternsCovering(' Seed@Example.com')).toEqual(['seed@example.com', '@example.com']);
    expect(patternsCovering('no-at-all')).toEqual([]);
    expect(patternsCovering('trailing@')).toEqual([]);
  });

  it('tells which addresses stored patterns cover', () => {
    const patterns = new Set(['seed@example.com', '@test.example.org']);
    expect(addressesCovered(['seed@example.com', 'other@example.com', 'a@test.example.org', 'b@sub.test.example.org'], patterns)).toEqual(
      new Set(['seed@example.com', 'a@test.example.org']),
    );
  });
});
