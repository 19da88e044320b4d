import { KeysetPaginationQueryDto, PaginationQueryDto } from './pagination.dto';
import { validateRequest } from '../../../testing';

const validated = (query: Record<string, unknown>) => validateRequest(PaginationQueryDto, query, 'query');

describe('PaginationQueryDto', () => {
  it('defaults to limit 20 and offset 0, and reads digits as numbers', async () => {
    expect(await validated({})).toEqual({ limit: 20, offset: 0 });
    expect(await validated({ limit: '100', offset: '40' })).toEqual({ limit: 100, offset: 40 });
  });

  it.each([
    ['offset', 'must not be less than 0', 'offset=-1', { offset: '-1' }],
    ['offset', 'must not be less than 0', 'offset=-0', { offset: '-0' }],
    ['offset', 'must not be greater than 9007199254740991', 'offset=99999999999999999999', { offset: '99999999999999999999' }],
    ['offset', 'must be an integer', 'offset=x', { offset: 'x' }],
    ['offset', 'must be an integer', 'offset=1.5', { offset: '1.5' }],
    ['limit', 'must not be less than 1', 'limit=0', { limit: '0' }],
    ['limit', 'must not be less than 1', 'limit=-1', { limit: '-1' }],
    ['limit', 'must not be greater than 100', 'limit=101', { limit: '101' }],
    ['limit', 'must be an integer', 'limit=abc', { limit: 'abc' }],
    ['limit', 'must be an integer', 'limit=1e1', { limit: '1e1' }],
    ['limit', 'must be an integer', 'limit=', { limit: '' }],
    ['limit', 'must be an integer', 'limit=1&limit=2', { limit: ['1', '2'] }],
  ])('answers "%s %s" for %s', async (field, message, _case, query) => {
    expect(await validated(query)).toEqual([{ field, message }]);
  });
});

describe('KeysetPaginationQueryDto', () => {
  const keyset = (query: Record<string, unknown>) => validateRequest(KeysetPaginationQueryDto, query, 'query');

  it('defaults to limit 20 with neither offset nor cursor', async () => {
    expect(await keyset({})).toEqual({ limit: 20 });
  });

  it('takes an offset or a cursor', async () => {
    expect(await keyset({ offset: '40' })).toEqual({ limit: 20, offset: 40 });
    expect(await keyset({ cursor: 'WyJ4IiwxXQ', limit: '5' })).toEqual({ limit: 5, cursor: 'WyJ4IiwxXQ' });
  });

  it.each([
    ['cursor', 'cannot be used with offset', 'cursor with offset', { cursor: 'WyJ4IiwxXQ', offset: '0' }],
    ['cursor', 'must be a string', 'a repeated cursor', { cursor: ['a', 'b'] }],
    ['offset', 'must not be less than 0', 'offset=-1', { offset: '-1' }],
    ['limit', 'must not be greater than 100', 'limit=101', { limit: '101' }],
  ])('answers "%s %s" for %s', async (field, message, _case, query) => {
    expect(await keyset(query)).toEqual([{ field, message }]);
  });
});
