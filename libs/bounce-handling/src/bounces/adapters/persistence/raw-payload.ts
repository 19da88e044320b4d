/** The most of a provider's raw event kept with a bounce, as JSON text. */
export const MAX_RAW_PAYLOAD_BYTES = 16 * 1024;

/**
 * A provider's raw event as storable JSON text, or null. PostgreSQL's jsonb refuses the NUL
 * character, so it becomes U+FFFD; an event larger than the bound is kept as an excerpt.
 */
export function storableRawPayload(payload: unknown, maxBytes = MAX_RAW_PAYLOAD_BYTES): string | null {
  if (payload === null || payload === undefined) return null;
  let json: string;
  try {
    json = JSON.stringify(payload) ?? 'null';
  } catch {
    return JSON.stringify({ unserialisable: true });
  }
  json = json.replace(/(^|[^\\])((?:\\\\)*)\\u0000/g, '$1$2\\ufffd');
  if (Buffer.byteLength(json, 'utf8') <= maxBytes) return json;
  const excerpt = Buffer.from(json, 'utf8').subarray(0, maxBytes / 2).toString('utf8').replace(/\u0000/g, '\ufffd');
  return JSON.stringify({ truncated: true, bytes: Buffer.byteLength(json, 'utf8'), excerpt });
}
