/**
 * A provider's free text made storable: PostgreSQL refuses NUL characters, and columns have
 * lengths. Returns null for anything that is not a non-empty string.
 */
export function providerText(value: unknown, maxLength: number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/\u0000/g, '').trim();
  if (cleaned.length === 0) return null;
  return cleaned.length > maxLength ? cleaned.slice(0, maxLength) : cleaned;
}
