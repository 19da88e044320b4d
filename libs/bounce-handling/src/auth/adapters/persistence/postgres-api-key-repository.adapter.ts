import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgQuery } from '../../../shared/adapters/persistence/pg-query';
import { contextEntityManager } from '../../../shared/adapters/persistence/context-entity-manager';
import { ApiKey } from '../../domain/api-key';
import { isPermission } from '../../domain/permission';
import { ApiKeyRepository, type NewApiKey } from '../../application/ports/api-key.repository.port';
import { ApiKeyOrmEntity } from './api-key.orm-entity';

@Injectable()
export class PostgresApiKeyRepository extends ApiKeyRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(key: NewApiKey): Promise<ApiKey> {
    const em = contextEntityManager(this.em);
    const entity = em.create(ApiKeyOrmEntity, { name: key.name, keyHash: key.keyHash, permissions: [...key.permissions], createdAt: key.createdAt });
    await em.persistAndFlush(entity);
    return toDomain(entity);
  }

  async upsert(key: NewApiKey): Promise<ApiKey> {
    const [row] = await pgQuery<ApiKeyRow[]>(this.em,
      `insert into "api_keys" ("name", "key_hash", "permissions", "created_at") values (?, ?, ?::text[], ?)
       on conflict ("key_hash") do update set "permissions" = excluded."permissions", "revoked_at" = null
       returning *`,
      [key.name, key.keyHash, `{${key.permissions.join(',')}}`, key.createdAt],
    );
    return fromRow(row);
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const [row] = await pgQuery<ApiKeyRow[]>(this.em, 'select * from "api_keys" where "key_hash" = ?', [keyHash]);
    return row ? fromRow(row) : null;
  }

  async list(): Promise<ApiKey[]> {
    const entities = await contextEntityManager(this.em).find(ApiKeyOrmEntity, {}, { orderBy: { id: 'asc' } });
    return entities.map(toDomain);
  }

  async revoke(id: number, at: Date): Promise<ApiKey | null> {
    const [row] = await pgQuery<ApiKeyRow[]>(this.em,
      'update "api_keys" set "revoked_at" = coalesce("revoked_at", ?) where "id" = ? returning *',
      [at, id],
    );
    return row ? fromRow(row) : null;
  }

  async revokeNamedExcept(name: string, keptId: number, at: Date): Promise<number> {
    const revoked = await pgQuery<ApiKeyRow[]>(this.em,
      'update "api_keys" set "revoked_at" = ? where "name" = ? and "id" <> ? and "revoked_at" is null returning "id"',
      [at, name, keptId],
    );
    return revoked.length;
  }

  async markUsed(id: number, at: Date): Promise<void> {
    await pgQuery(this.em, 'update "api_keys" set "last_used_at" = ? where "id" = ?', [at, id]);
  }
}

interface ApiKeyRow {
  id: string;
  name: string;
  permissions: string[];
  created_at: string | Date;
  last_used_at: string | Date | null;
  revoked_at: string | Date | null;
}

/** Raw queries give PostgreSQL's timestamps as text. */
function date(value: string | Date | null): Date | null {
  return value === null ? null : new Date(value);
}

function fromRow(row: ApiKeyRow): ApiKey {
  return new ApiKey(Number(row.id), row.name, row.permissions.filter(isPermission), new Date(row.created_at), date(row.last_used_at), date(row.revoked_at));
}

function toDomain(entity: ApiKeyOrmEntity): ApiKey {
  return new ApiKey(entity.id, entity.name, entity.permissions.filter(isPermission), entity.createdAt, entity.lastUsedAt, entity.revokedAt);
}
