import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import type { Page, PageRequest } from '../../../shared/application/page';
import type { AllowListEntry } from '../../domain/allow-list-entry';
import { type AddedAllowListEntry, AllowListRepository } from '../../application/ports/allow-list.repository.port';

const COLUMNS = '"pattern", "note", "added_by", "created_at"';

const ENTRY = { pattern: col.text, note: col.nullable(col.text), added_by: col.nullable(col.text), created_at: col.timestamp };
const entryRow = pgRow(ENTRY);
const addedRow = pgRow({ ...ENTRY, created: col.boolean });
const patternRow = pgRow({ pattern: col.text });
const countRow = pgRow({ total: col.integer });

@Injectable()
export class PostgresAllowListRepository extends AllowListRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(entry: AllowListEntry): Promise<AddedAllowListEntry> {
    // One statement, so that racing additions of one pattern create it once. `do update` of a
    // column to itself locks and returns the row that is there; `xmax = 0` marks a row inserted.
    const [row] = await pgSelect(
      this.em,
      `insert into "allowlist_entries" (${COLUMNS}) values (?, ?, ?, ?)
       on conflict ("pattern") do update set "pattern" = "allowlist_entries"."pattern"
       returning ${COLUMNS}, ("xmax" = 0) as "created"`,
      [entry.pattern, entry.note, entry.addedBy, entry.createdAt],
      addedRow,
    );
    return { entry: toEntry(row), created: row.created };
  }

  async remove(pattern: string): Promise<boolean> {
    const rows = await pgSelect(this.em, `delete from "allowlist_entries" where "pattern" = ? returning "pattern"`, [pattern], patternRow);
    return rows.length > 0;
  }

  async list(page: PageRequest): Promise<Page<AllowListEntry>> {
    const [rows, [count]] = await Promise.all([
      pgSelect(
        this.em,
        `select ${COLUMNS} from "allowlist_entries" order by "created_at" desc, "pattern" limit ? offset ?`,
        [page.limit, page.offset],
        entryRow,
      ),
      pgSelect(this.em, `select count(*) as "total" from "allowlist_entries"`, [], countRow),
    ]);
    return { items: rows.map(toEntry), total: count.total, limit: page.limit, offset: page.offset };
  }

  /** Every pattern on the list, or null when there are more than `limit`. */
  async all(limit: number): Promise<readonly string[] | null> {
    const rows = await pgSelect(this.em, `select "pattern" from "allowlist_entries" limit ?`, [limit + 1], patternRow);
    return rows.length > limit ? null : rows.map((row) => row.pattern);
  }

  async existing(patterns: readonly string[]): Promise<ReadonlySet<string>> {
    if (patterns.length === 0) return new Set();
    const rows = await pgSelect(this.em, `select "pattern" from "allowlist_entries" where "pattern" = any(?::varchar[])`, [patterns], patternRow);
    return new Set(rows.map((row) => row.pattern));
  }
}

function toEntry(row: ReturnType<typeof entryRow>): AllowListEntry {
  return { pattern: row.pattern, kind: row.pattern.startsWith('@') ? 'domain' : 'address', note: row.note, addedBy: row.added_by, createdAt: row.created_at };
}
