import { ValidationError } from './domain-error';

/**
 * Longest address SMTP can carry (RFC 5321 §4.5.3.1.3, a path of 256 octets less the brackets),
 * and so the length of every column that holds one.
 */
export const MAX_EMAIL_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
/**
 * A local part of printable ASCII atoms of RFC 5322 joined by dots (quoted local parts are not
 * accepted), `@`, and a domain of two or more labels of 1 to 63 letters, digits and hyphens,
 * neither starting nor ending with a hyphen. One expression: a suppression check validates a
 * thousand addresses per request.
 */
const ADDRESS = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export class InvalidEmailAddressError extends ValidationError {
  constructor(readonly input: string) {
    super('must be a valid e-mail address');
  }
}

/**
 * A normalised e-mail address: trimmed and lower-cased, so that one mailbox is one key
 * everywhere (subscribers, suppression, dedupe). Internationalised domains are expected in
 * their ASCII (punycode) form, as providers report them.
 */
export class EmailAddress {
  private constructor(readonly value: string) {}

  static parse(input: string): EmailAddress {
    const normalised = EmailAddress.normalise(input);
    if (!EmailAddress.isValidNormalised(normalised)) throw new InvalidEmailAddressError(input);
    return new EmailAddress(normalised);
  }

  /**
   * An address as a provider reports it. Providers report what the receiving server said,
   * which need not pass our own checks (`invalid@invalid` exists in real events), and the
   * report must still be recorded: only something that cannot be an address at all (no
   * local part or domain, spaces or control characters, too long to store) is refused.
   */
  static fromProvider(input: unknown): EmailAddress | null {
    if (typeof input !== 'string') return null;
    // Half a UTF-16 pair is not text: it becomes U+FFFD, as anywhere text is stored.
    const normalised = EmailAddress.normalise(input).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    if (normalised.length === 0 || normalised.length > MAX_EMAIL_ADDRESS_LENGTH) return null;
    const at = normalised.lastIndexOf('@');
    if (at <= 0 || at === normalised.length - 1) return null;
    // eslint-disable-next-line no-control-regex
    if (/[\s\u0000-\u001f\u007f]/.test(normalised)) return null;
    return new EmailAddress(normalised);
  }

  /** The address, or null when the input is not one: one normalisation, no exception. */
  static tryParse(input: string): EmailAddress | null {
    const normalised = EmailAddress.normalise(input);
    return EmailAddress.isValidNormalised(normalised) ? new EmailAddress(normalised) : null;
  }

  static isValid(input: string): boolean {
    return EmailAddress.isValidNormalised(EmailAddress.normalise(input));
  }

  private static normalise(input: string): string {
    return typeof input === 'string' ? input.trim().toLowerCase() : '';
  }

  private static isValidNormalised(address: string): boolean {
    if (address.length === 0 || address.length > MAX_EMAIL_ADDRESS_LENGTH) return false;
    // The expression allows one `@` only: the first is the one.
    if (address.indexOf('@') > MAX_LOCAL_PART_LENGTH) return false;
    return ADDRESS.test(address);
  }

  equals(other: EmailAddress): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
