import { ValidationError } from './domain-error';

/** Longest campaign id: the platform's ids are this long at most, and so are the columns that hold them. */
export const MAX_CAMPAIGN_ID_LENGTH = 100;

/** A campaign id as text: 1–100 letters, digits, `.`, `_`, `:` or `-`. */
export const CAMPAIGN_ID_PATTERN = new RegExp(`^[A-Za-z0-9._:-]{1,${MAX_CAMPAIGN_ID_LENGTH}}$`);

export class InvalidCampaignIdError extends ValidationError {
  constructor(readonly input: unknown) {
    super(
      typeof input === 'string'
        ? `must be 1 to ${MAX_CAMPAIGN_ID_LENGTH} letters, digits, ".", "_", ":" or "-"`
        : `must be a string, or an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
    );
  }
}

/**
 * The id of a campaign of the platform, as its messages carry it and the API names it. One
 * rule wherever an id comes in (the API, every provider's metadata): text, trimmed, of the
 * pattern's characters and length; or a non-negative integer, which is the text of its digits
 * (42 and "42" are one campaign; "007" stays "007"). Anything else is no campaign id — a
 * value over the length is refused, never cut, since a cut id may be somebody else's.
 */
export class CampaignId {
  private constructor(readonly value: string) {}

  static parse(input: unknown): CampaignId {
    const id = CampaignId.tryParse(input);
    if (id === null) throw new InvalidCampaignIdError(input);
    return id;
  }

  /** The id, or null when the input is none: what a provider's metadata gets. */
  static tryParse(input: unknown): CampaignId | null {
    const text = typeof input === 'string' ? input.trim() : isIdNumber(input) ? String(input) : null;
    return text !== null && CAMPAIGN_ID_PATTERN.test(text) ? new CampaignId(text) : null;
  }

  equals(other: CampaignId): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}

/** Beyond the safe range a number no longer names one integer: 2^53 + 1 arrives as 2^53. */
function isIdNumber(input: unknown): input is number {
  return typeof input === 'number' && Number.isSafeInteger(input) && input >= 0;
}
