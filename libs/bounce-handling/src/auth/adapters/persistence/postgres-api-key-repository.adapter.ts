import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgQuery, pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import { ApiKey } from '../../domain/api-key';
import { isPermission } from '../../domain/permission';
import { ApiKeyRepository, type NewApiKey } from '../../application/ports/api-key.repository.port';

const COLUMNS = `"id", "name", "permissions", "created_at", "last_used_at", "revoked_at"`;

const apiKeyRow = pgRow({
  id: col.integer,
  name: col.text,
  permissions: col.textArray,
  created_at: col.timestamp,
  last_used_at: col.nullable(col.timestamp),
  revoked_at: col.nullable(col.timestamp),
});

const idRow = pgRow({ id: col.integer });

@Injectable()
export class PostgresApiKeyRepository extends ApiKeyRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(key: NewApiKey): Promise<ApiKey> {
    const [row] = await pgSelect(
      this.em,
      `insert into "api_keys" ("name", "key_hash", "permissions", "created_at") values (?, ?, ?::text[], ?) returning ${COLUMNS}`,
      [key.name, key.keyHash, `{${key.permissions.join(',')}}`, key.createdAt],
      apiKeyRow,
    );
    return fromRow(row);
  }

  async upsert(key: NewApiKey): Promise<ApiKey> {
    const [row] = await pgSelect(
      this.em,
      `insert into "api_keys" ("name", "key_hash", "permissions", "created_at") values (?, ?, ?::text[], ?)
       on conflict ("key_hash") do update set "permissions" = excluded."permissions", "revoked_at" = null
       returning ${COLUMNS}`,
      [key.name, key.keyHash, `{${key.permissions.join(',')}}`, key.createdAt],
      apiKeyRow,
    );
    return fromRow(row);
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const [row] = await pgSelect(this.em, `select ${COLUMNS} from "api_keys" where "key_hash" = ?`, [keyHash], apiKeyRow);
    return row ? fromRow(row) : null;
  }

  async list(): Promise<ApiKey[]> {
    return (await pgSelect(this.em, `select ${COLUMNS} from "api_keys" order by "id"`, [], apiKeyRow)).map(fromRow);
  }

  async revoke(id: number, at: Date): Promise<ApiKey | null> {
    const [row] = await pgSelect(
      this.em,
      `update "api_keys" set "revoked_at" = coalesce("revoked_at", ?) where "id" = ? returning ${COLUMNS}`,
      [at, id],
      apiKeyRow,
    );
    return row ? fromRow(row) : null;
  }

  async revokeNamedExcept(name: string, keptId: number, at: Date): Promise<number> {
    const revoked = await pgSelect(
      this.em,
      'update "api_keys" set "revoked_at" = ? where "name" = ? and "id" <> ? and "revoked_at" is null returning "id"',
      [at, name, keptId],
      idRow,
    );
    return revoked.length;
  }

  async markUsed(id: number, at: Date): Promise<void> {
    await pgQuery(this.em, 'update "api_keys" set "last_used_at" = ? where "id" = ?', [at, id]);
  }
}

/** A stored permission this version does not know grants nothing. */
function fromRow(row: ReturnType<typeof apiKeyRow>): ApiKey {
  return new ApiKey(row.id, row.name, row.permissions.filter(isPermission), row.created_at, row.last_used_at, row.revoked_at);
}
