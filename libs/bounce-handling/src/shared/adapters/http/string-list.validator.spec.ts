import { isStringList } from './string-list.validator';

describe('isStringList', () => {
  it.each([
    ['an empty list', []],
    ['short strings', ['a@b.c', '']],
    ['a string of exactly the longest length', ['x'.repeat(5)]],
  ])('accepts %s', (_case, value) => {
    expect(isStringList(value, 5)).toBe(true);
  });

  it.each([
    ['a string instead of a list', 'a@example.com'],
    ['null', null],
    ['an object', { 0: 'a' }],
    ['a number among strings', ['a', 42]],
    ['null among strings', ['a', null]],
    ['a nested list', [['a']]],
    ['a string one character too long', ['a', 'x'.repeat(6)]],
  ])('refuses %s', (_case, value) => {
    expect(isStringList(value, 5)).toBe(false);
  });
});
