import { encodePageCursor } from '../../../shared/adapters/http/page-cursor';
import { RequestValidationException } from '../../../shared/adapters/http/request-validation';
import { bounceListCursor, bounceListPosition } from './bounce-list-cursor';

describe('the cursor of the bounce list', () => {
  it('gives back the position of the page before, to the microsecond', () => {
    const cursor = bounceListCursor(['2026-01-10T12:00:00.123456Z', 42]);
    expect(cursor).not.toBeNull();
    expect(bounceListPosition(cursor as string)).toEqual(['2026-01-10T12:00:00.123456Z', 42]);
  });

  it('is null after the last page', () => {
    expect(bounceListCursor(null)).toBeNull();
  });

  it.each([
    ['no base64url', 'not a cursor!'],
    ['a position of one value', encodePageCursor(['2026-01-10T12:00:00.123456Z'])],
    ['a time to the millisecond only', encodePageCursor(['2026-01-10T12:00:00.123Z', 42])],
    ['a time that is no date', encodePageCursor(['2026-02-30T12:00:00.000000Z', 42])],
    ['year 0', encodePageCursor(['0000-01-01T00:00:00.000000Z', 42])],
    ['an id that is text', encodePageCursor(['2026-01-10T12:00:00.123456Z', '42'])],
    ['an id of 0', encodePageCursor(['2026-01-10T12:00:00.123456Z', 0])],
    ['the values in the wrong order', encodePageCursor([42, '2026-01-10T12:00:00.123456Z'])],
  ])('refuses a cursor of %s, naming cursor', (_case, cursor) => {
    expect(() => bounceListPosition(cursor)).toThrow(RequestValidationException);
    expect(() => bounceListPosition(cursor)).toThrow(
      expect.objectContaining({ problems: [{ field: 'cursor', message: 'must be the next_cursor of a page of this list' }] }),
    );
  });
});
