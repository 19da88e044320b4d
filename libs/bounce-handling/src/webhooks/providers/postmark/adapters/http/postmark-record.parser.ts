import { MalformedWebhookError } from '../../../../domain/webhook.errors';

/** One of Postmark's webhook records, as posted: a JSON object with a `RecordType`. */
export type PostmarkRecord = Readonly<Record<string, unknown>>;

/**
 * The record a Postmark webhook posts (one JSON object per request), from the body's bytes.
 * Anything else is malformed (400): Postmark never sends it, and retrying it cannot help.
 *
 * Postmark's `ID` is a 64-bit integer; past 2^53 a JSON number no longer names one integer, and
 * two bounces could share a key. Such an `ID` is kept as the exact digits of the body.
 */
export function parsePostmarkRecord(body: Buffer): PostmarkRecord {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedWebhookError('The Postmark webhook body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedWebhookError('The Postmark webhook body must be one JSON object (a record)');
  }
  const record = parsed as Record<string, unknown>;
  if (typeof record.RecordType !== 'string' || record.RecordType.trim() === '') {
    throw new MalformedWebhookError('The Postmark webhook record has no RecordType');
  }
  if (typeof record.ID === 'number' && Number.isInteger(record.ID) && !Number.isSafeInteger(record.ID)) {
    const exact = exactDigitsOf(text, record.ID);
    if (exact !== null) return { ...record, ID: exact };
  }
  return record;
}

/** The digits of the one `"ID": <integer>` of the text that reads as `value`; null when there is not exactly one. */
function exactDigitsOf(text: string, value: number): string | null {
  const candidates = [...text.matchAll(/"ID"\s*:\s*(-?\d+)(?=\s*[,}])/g)].map((match) => match[1]).filter((digits) => Number(digits) === value);
  return new Set(candidates).size === 1 ? candidates[0] : null;
}
