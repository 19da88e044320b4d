import { ArrayType, BigIntType, Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { API_KEY_HASH_LENGTH, MAX_API_KEY_NAME_LENGTH } from '../../domain/api-key';

/**
 * The `api_keys` table, declared in code as the migrations create it: for the drift check
 * (`migrations/entities-match-migrations.int-spec.ts`) and MikroORM's migration generator. No
 * code reads or writes it at runtime: `PostgresApiKeyRepository` speaks SQL.
 */
@Entity({ tableName: 'api_keys' })
export class ApiKeyOrmEntity {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true, generated: 'by default as identity' })
  id!: number;

  @Property({ type: 'string', length: MAX_API_KEY_NAME_LENGTH })
  name!: string;

  /** SHA-256 of the key, hex: the key itself is never stored. */
  @Property({ type: 'character', length: API_KEY_HASH_LENGTH, unique: true })
  keyHash!: string;

  @Property({ type: ArrayType })
  permissions!: string[];

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}
