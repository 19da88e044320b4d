import { ValidationError } from '../../shared/domain/domain-error';
import { EmailAddress, MAX_EMAIL_ADDRESS_LENGTH } from '../../shared/domain/email-address';

/** Longest pattern: an address (`MAX_EMAIL_ADDRESS_LENGTH`), or `@` and a domain, which is no longer. */
export const MAX_ALLOW_LIST_PATTERN_LENGTH = MAX_EMAIL_ADDRESS_LENGTH;

/** A domain of two or more labels of 1 to 63 letters, digits and hyphens, none starting or ending with a hyphen: an address's rule. */
const DOMAIN = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export const ALLOW_LIST_PATTERN_KINDS = ['address', 'domain'] as const;
export type AllowListPatternKind = (typeof ALLOW_LIST_PATTERN_KINDS)[number];

export class InvalidAllowListPatternError extends ValidationError {
  constructor(readonly input: string) {
    super('pattern: must be an e-mail address (someone@example.com) or @ and a domain (@example.com)', [
      { field: 'pattern', message: 'must be an e-mail address (someone@example.com) or @ and a domain (@example.com)' },
    ]);
  }
}

/**
 * What the allow-list holds: one address (`someone@example.com`), or every address of one
 * domain (`@example.com`) — that domain exactly, not its subdomains. Trimmed and lower-cased, as
 * addresses are, so that one pattern is one key.
 */
export class AllowListPattern {
  private constructor(
    readonly value: string,
    readonly kind: AllowListPatternKind,
  ) {}

  static parse(input: string): AllowListPattern {
    const pattern = AllowListPattern.tryParse(input);
    if (pattern === null) throw new InvalidAllowListPatternError(input);
    return pattern;
  }

  /** The pattern, or null when the input is none. */
  static tryParse(input: string): AllowListPattern | null {
    if (typeof input !== 'string') return null;
    const normalised = input.trim().toLowerCase();
    if (normalised.startsWith('@')) {
      const domain = normalised.slice(1);
      return normalised.length <= MAX_ALLOW_LIST_PATTERN_LENGTH && DOMAIN.test(domain) ? new AllowListPattern(normalised, 'domain') : null;
    }
    const address = EmailAddress.tryParse(normalised);
    return address === null ? null : new AllowListPattern(address.value, 'address');
  }

  static isValid(input: string): boolean {
    return AllowListPattern.tryParse(input) !== null;
  }

  /** Whether the pattern covers the address: the same address, or an address of the same domain. */
  matches(address: string): boolean {
    return patternsCovering(address).includes(this.value);
  }

  toString(): string {
    return this.value;
  }
}

/**
 * The patterns that would cover an address, as stored: the address itself and `@` + its domain
 * (the part after its last `@`), trimmed and lower-cased. Looking these up is how an address is
 * matched — one indexed look-up of exact keys, whatever the size of the list. Addresses as
 * providers report them need not pass our own checks (`EmailAddress.fromProvider`): they are
 * matched all the same. No `@`: no pattern.
 */
export function patternsCovering(address: string): string[] {
  const normalised = address.trim().toLowerCase();
  const at = normalised.lastIndexOf('@');
  if (at < 0 || at === normalised.length - 1) return [];
  return [normalised, normalised.slice(at)];
}

/** Which of these addresses are covered by one of `patterns` (stored patterns, as `patternsCovering` gives them). */
export function addressesCovered(addresses: readonly string[], patterns: ReadonlySet<string>): Set<string> {
  return new Set(addresses.filter((address) => patternsCovering(address).some((pattern) => patterns.has(pattern))));
}
