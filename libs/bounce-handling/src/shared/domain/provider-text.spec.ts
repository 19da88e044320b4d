import { providerText } from './provider-text';

describe('providerText', () => {
  it.each([
    ['  550 5.1.1 unknown ', 100, '550 5.1.1 unknown'],
    ['a\u0000b', 100, 'ab'],
    ['abcdef', 3, 'abc'],
    [550, 10, '550'],
    ['   ', 10, null],
    [null, 10, null],
    [undefined, 10, null],
    [{ a: 1 }, 10, null],
    [Number.NaN, 10, null],
  ])('makes %p (max %p) into %p', (input, max, expected) => {
    expect(providerText(input, max)).toBe(expected);
  });
});
