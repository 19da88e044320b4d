/** Longest provider event id (the dedupe key) or message id stored; a longer dedupe key is hashed. */
export const MAX_PROVIDER_ID_LENGTH = 255;

/** Longest bounce subtype stored (a provider's label, or the API's `bounce_subtype`). */
export const MAX_BOUNCE_SUBTYPE_LENGTH = 255;

/** Longest diagnostic code stored (the receiving server's answer, or the API's `diagnostic_code`). */
export const MAX_DIAGNOSTIC_CODE_LENGTH = 4000;

/** Longest name (or IP address) of the receiving server kept with a bounce's cause: a host name has at most 253 characters. */
export const MAX_REMOTE_MTA_LENGTH = 255;

/**
 * A provider's free text made storable: PostgreSQL refuses NUL characters, and columns have
 * lengths. Returns null for anything that is not a non-empty string. Text over the length is
 * cut, which suits free text (a subtype, a diagnostic) and nothing that names something: a
 * campaign id goes through `CampaignId`, which refuses a long one instead.
 */
export function providerText(value: unknown, maxLength: number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/\u0000/g, '').trim();
  if (cleaned.length === 0) return null;
  return cleaned.length > maxLength ? cleaned.slice(0, maxLength) : cleaned;
}
