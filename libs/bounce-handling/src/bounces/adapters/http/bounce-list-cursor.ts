import { decodePageCursor, encodePageCursor } from '../../../shared/adapters/http/page-cursor';
import { RequestValidationException } from '../../../shared/adapters/http/request-validation';
import type { KeysetPosition } from '../../../shared/application/page';

/** `created_at` of a position as the list gives it out: UTC, to the microsecond. */
const POSITION_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The `next_cursor` of a page of bounces, from where the next page starts; null on the last page. */
export function bounceListCursor(next: KeysetPosition | null): string | null {
  return next === null ? null : encodePageCursor(next);
}

/**
 * Where the page a `cursor` asks for starts: `created_at` and id of the last bounce of the page
 * before. A cursor that is none the list gave out (edited, cut, or of another list) is refused
 * with a 400 naming `cursor`, before it reaches a statement.
 */
export function bounceListPosition(cursor: string): KeysetPosition {
  const position = decodePageCursor(cursor, 2);
  if (position !== null) {
    const [createdAt, id] = position;
    const instant = typeof createdAt === 'string' && POSITION_AT.test(createdAt) ? new Date(createdAt) : null;
    // A date that does not exist (day 30 of February, year 0) is no instant the list gave out.
    const real =
      instant !== null &&
      !Number.isNaN(instant.getTime()) &&
      instant.getUTCFullYear() >= 1 &&
      instant.toISOString().slice(0, 23) === (createdAt as string).slice(0, 23);
    if (real && typeof id === 'number' && id >= 1) return position;
  }
  throw new RequestValidationException([{ field: 'cursor', message: 'must be the next_cursor of a page of this list' }]);
}
