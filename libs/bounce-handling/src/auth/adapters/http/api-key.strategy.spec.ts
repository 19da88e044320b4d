import { presentedApiKey } from './api-key.strategy';

describe('presentedApiKey', () => {
  it.each([
    [{ authorization: 'Bearer mpk_abc' }, 'mpk_abc'],
    [{ authorization: 'bearer   mpk_abc  ' }, 'mpk_abc'],
    [{ 'x-api-key': ' mpk_abc ' }, 'mpk_abc'],
    [{ authorization: 'Bearer mpk_from_bearer', 'x-api-key': 'mpk_from_header' }, 'mpk_from_bearer'],
    [{ authorization: 'Basic dXNlcjpwYXNz' }, ''],
    [{ authorization: 'Bearer two words' }, ''],
    [{}, null],
  ])('reads %p as %p', (headers, expected) => {
    expect(presentedApiKey({ headers })).toBe(expected);
  });
});
