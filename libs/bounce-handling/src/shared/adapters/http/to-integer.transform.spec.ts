import { integerFromText } from './to-integer.transform';

describe('integerFromText', () => {
  it.each([
    ['0', 0],
    ['20', 20],
    ['007', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('reads the digits %p as their value', (text, number) => {
    expect(integerFromText(text)).toBe(number);
  });

  it.each([['-1'], ['-0'], ['-9007199254740991']])('reads the negative integer %p as an integer below every range', (text) => {
    expect(integerFromText(text)).toBe(-Number.MAX_VALUE);
    expect(Number.isInteger(integerFromText(text))).toBe(true);
  });

  it.each([['99999999999999999999'], ['00000000000000001'], ['9'.repeat(400)]])(
    'reads %p, longer than any safe integer, as an integer above every range',
    (text) => {
      expect(integerFromText(text)).toBe(Number.MAX_VALUE);
      expect(Number.isInteger(integerFromText(text))).toBe(true);
    },
  );

  it.each([['1e1'], ['0x10'], [' 5'], ['5 '], ['+5'], ['2.5'], ['-'], [''], ['abc'], ['1;drop table bounces']])(
    'leaves %p as text, to be refused as no integer',
    (text) => {
      expect(integerFromText(text)).toBe(text);
    },
  );

  it.each([[['1', '2']], [undefined], [5]])('leaves %p, which is no text, as it is', (value) => {
    expect(integerFromText(value)).toBe(value);
  });
});
