import { pgJson, pgText } from './pg-text';

describe('pgText', () => {
  it.each([
    ['plain', 'plain'],
    ['a\u0000b', 'a\ufffdb'],
    ['\u0000\u0000', '\ufffd\ufffd'],
    ['lone high \ud800', 'lone high \ufffd'],
    ['\udc00 lone low', '\ufffd lone low'],
    ['a pair 😀 stays', 'a pair 😀 stays'],
  ])('makes %p storable as %p', (input, expected) => {
    expect(pgText(input)).toBe(expected);
  });

  it('leaves null alone', () => {
    expect(pgText(null)).toBeNull();
  });
});

describe('pgJson', () => {
  it('replaces NULs and lone surrogates, consecutive ones included, and keeps the rest as it was', () => {
    const value = { a: '\u0000\u0000', b: 'x\ud83d', c: '😀', d: 'literal \\u0000 text', e: ['\udfff'] };
    expect(JSON.parse(pgJson(value))).toEqual({ a: '\ufffd\ufffd', b: 'x\ufffd', c: '😀', d: 'literal \\u0000 text', e: ['\ufffd'] });
  });
});
