import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { MAX_STATUS_CHANGE_ACTOR_LENGTH } from '../../../shared/domain/status-change';
import { MAX_ALLOW_LIST_PATTERN_LENGTH } from '../../domain/allow-list-pattern';

/**
 * The `allowlist_entries` table, declared in code as the migrations create it: for the drift
 * check (`migrations/entities-match-migrations.int-spec.ts`) and MikroORM's migration generator.
 * No code reads or writes it at runtime: `PostgresAllowListRepository` speaks SQL.
 */
@Entity({ tableName: 'allowlist_entries' })
export class AllowListEntryOrmEntity {
  /** `someone@example.com` or `@example.com`, normalised. */
  @PrimaryKey({ type: 'string', length: MAX_ALLOW_LIST_PATTERN_LENGTH })
  pattern!: string;

  /** Text: `MAX_ALLOW_LIST_NOTE_LENGTH` is kept by the code, not by the column. */
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  /** The name of the API key that added it; null when added in-process. */
  @Property({ type: 'string', length: MAX_STATUS_CHANGE_ACTOR_LENGTH, nullable: true })
  addedBy: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
