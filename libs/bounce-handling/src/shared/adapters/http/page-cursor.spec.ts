import { decodePageCursor, encodePageCursor, MAX_PAGE_CURSOR_LENGTH } from './page-cursor';

describe('page cursors', () => {
  it('gives back the position it was made from', () => {
    const position = ['2026-01-10T12:00:00.123456Z', 42];
    expect(decodePageCursor(encodePageCursor(position), 2)).toEqual(position);
  });

  it('is made of URL-safe characters only', () => {
    expect(encodePageCursor(['ünïcode/+=', 9007199254740991])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['an empty cursor', ''],
    ['characters outside base64url', 'abc+/='],
    ['base64url of no JSON', Buffer.from('not json').toString('base64url')],
    ['JSON that is no list', Buffer.from('{"a":1}').toString('base64url')],
    ['a list of the wrong length', encodePageCursor(['2026-01-10T12:00:00Z'])],
    ['a list holding an object', Buffer.from('[{},1]').toString('base64url')],
    ['a list holding a fraction', Buffer.from('["x",1.5]').toString('base64url')],
    ['a list holding an unsafe integer', Buffer.from('["x",9007199254740993]').toString('base64url')],
    ['an overlong cursor', 'A'.repeat(MAX_PAGE_CURSOR_LENGTH + 1)],
  ])('refuses %s', (_case, cursor) => {
    expect(decodePageCursor(cursor, 2)).toBeNull();
  });
});
