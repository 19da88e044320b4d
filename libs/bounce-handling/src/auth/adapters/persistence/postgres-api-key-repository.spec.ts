import { entityManagerAnswering } from '../../../../../../test/support/answering-entity-manager';
import { UnexpectedRowError } from '../../../shared/adapters/persistence/pg-row';
import { ApiKey } from '../../domain/api-key';
import { PostgresApiKeyRepository } from './postgres-api-key-repository.adapter';

/** A row of api_keys as `pg` gives it: a bigint id and timestamps as text. */
const stored = {
  id: '7',
  name: 'ci',
  permissions: ['subscribers', 'retired'],
  created_at: '2026-01-10T12:00:00.000Z',
  last_used_at: null,
  revoked_at: '2026-02-01T00:00:00.000Z',
};
const keysAnswering = (row: unknown) => new PostgresApiKeyRepository(entityManagerAnswering(() => [row]));

describe('PostgresApiKeyRepository, reading rows', () => {
  it('reads a key from its row, leaving out the permissions it does not know', async () => {
    expect(await keysAnswering(stored).findByHash('a'.repeat(64))).toEqual(
      new ApiKey(7, 'ci', ['subscribers'], new Date('2026-01-10T12:00:00Z'), null, new Date('2026-02-01T00:00:00Z')),
    );
  });

  it.each([
    ['permissions as the text of an array', { ...stored, permissions: '{subscribers}' }, 'permissions'],
    ['no id', { ...stored, id: null }, 'id'],
    ['a creation time that is no time', { ...stored, created_at: 'soon' }, 'created_at'],
    ['no name column', { ...stored, name: undefined }, 'name'],
  ])('refuses a row with %s, naming the column', async (_case, row, column) => {
    await expect(keysAnswering(row).findByHash('a'.repeat(64))).rejects.toThrow(UnexpectedRowError);
    await expect(keysAnswering(row).findByHash('a'.repeat(64))).rejects.toMatchObject({ column });
  });
});
