import { isStorableText } from './storable-text.validator';

describe('isStorableText', () => {
  it.each([
    ['plain text', 'January Newsletter'],
    ['accents', 'Zoë Brontë'],
    ['emoji (a surrogate pair)', 'Sale 😀🏳️‍🌈'],
    ['right-to-left text and marks', 'שלום\u200f \u202eabc'],
    ['other control characters', 'tab\tand\u0001'],
    ['empty', ''],
  ])('accepts %s', (_case, value) => {
    expect(isStorableText(value)).toBe(true);
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone high surrogate at the end', 'a\ud83d'],
    ['a lone low surrogate', '\ude00a'],
    ['surrogates in the wrong order', '\ude00\ud83d'],
  ])('refuses %s', (_case, value) => {
    expect(isStorableText(value)).toBe(false);
  });
});
