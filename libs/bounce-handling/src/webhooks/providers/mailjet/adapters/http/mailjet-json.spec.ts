import { parseMailjetJson } from './mailjet-json';

describe('parseMailjetJson', () => {
  it('keeps an integer over 2^53 as its exact digits', () => {
    expect(parseMailjetJson('{"MessageID": 19421777835146493, "n": -19421777835146493}')).toEqual({ MessageID: '19421777835146493', n: '-19421777835146493' });
  });

  it('parses every other number as JSON.parse does', () => {
    expect(parseMailjetJson('[9007199254740991, 1.5e3, -0, 1234567.5, 0]')).toEqual([9007199254740991, 1500, -0, 1234567.5, 0]);
  });

  it('leaves digits inside strings alone, escaped quotes included', () => {
    const text = '{"Payload": "{\\"id\\": 19421777835146493}", "s": "\\\\", "t": 19421777835146493}';
    expect(parseMailjetJson(text)).toEqual({ Payload: '{"id": 19421777835146493}', s: '\\', t: '19421777835146493' });
  });

  it.each([['[{"email": "john@example.com", '], [''], ['{"a": 1'], ['"unterminated']])('refuses %p as JSON.parse refuses it', (text) => {
    expect(() => parseMailjetJson(text)).toThrow(SyntaxError);
  });
});
