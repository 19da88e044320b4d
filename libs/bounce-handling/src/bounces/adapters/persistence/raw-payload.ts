import { pgText, storableJsonText } from '../../../shared/adapters/persistence/pg-text';

/** The most of a provider's raw event kept with a bounce, as JSON text. */
export const MAX_RAW_PAYLOAD_BYTES = 16 * 1024;

/**
 * A provider's raw event as storable JSON text, or null. PostgreSQL's jsonb refuses NUL
 * characters and lone surrogates, so they become U+FFFD; an event larger than the bound is kept as an excerpt.
 */
export function storableRawPayload(payload: unknown, maxBytes = MAX_RAW_PAYLOAD_BYTES): string | null {
  if (payload === null || payload === undefined) return null;
  let json: string;
  try {
    json = JSON.stringify(payload) ?? 'null';
  } catch {
    return JSON.stringify({ unserialisable: true });
  }
  json = storableJsonText(json);
  if (Buffer.byteLength(json, 'utf8') <= maxBytes) return json;
  const excerpt = Buffer.from(json, 'utf8')
    .subarray(0, maxBytes / 2)
    .toString('utf8');
  return storableJsonText(JSON.stringify({ truncated: true, bytes: Buffer.byteLength(json, 'utf8'), excerpt: pgText(excerpt) }));
}
