import type { KeysetPosition } from '../../application/page';

/** A cursor longer than this is no cursor this API gave out. */
export const MAX_PAGE_CURSOR_LENGTH = 512;

/**
 * The opaque `cursor` / `next_cursor` of keyset-paged lists: the position, as JSON, in base64url.
 * Opaque to callers — they pass back what they were given — and checked when it comes back,
 * since it is a caller's input like any other.
 */
export function encodePageCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a cursor holds, or null when it is not one `encodePageCursor` could have made with `arity` values. */
export function decodePageCursor(cursor: string, arity: number): KeysetPosition | null {
  if (cursor.length === 0 || cursor.length > MAX_PAGE_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(position) || position.length !== arity) return null;
  const values: unknown[] = position;
  return values.every((value) => typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) ? (values as KeysetPosition) : null;
}
