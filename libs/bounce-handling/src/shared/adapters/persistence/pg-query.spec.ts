import { positionalParameters } from './pg-query';

describe('positionalParameters', () => {
  it.each([
    ['select 1', 'select 1'],
    ['select * from t where a = ? and b = any(?::text[])', 'select * from t where a = $1 and b = any($2::text[])'],
    ['insert into t values (?, ?, ?)', 'insert into t values ($1, $2, $3)'],
    ['select $1 union all select $1', 'select $1 union all select $1'],
  ])('numbers the parameters of %p in order', (sql, expected) => {
    expect(positionalParameters(sql)).toBe(expected);
  });
});
