import type { TestApp } from './test-app';

export interface TableSnapshot {
  readonly table: string;
  readonly rows: number;
  /** md5 of every row as JSON, in a stable order: any change to any value changes it. */
  readonly digest: string;
}

/**
 * Row counts and a digest of every table of the app's database (the migrations' bookkeeping
 * aside), to prove that a request changed nothing stored. `api_keys.last_used_at` is left out:
 * a successful authentication may write it (at most once a minute), which is no change of data.
 * So is `webhook_activity`, which counts every webhook request, refused ones included, by design.
 */
export async function snapshotTables(testApp: TestApp): Promise<TableSnapshot[]> {
  const tables = await testApp.sql<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'mikro_orm_%' and table_name <> 'webhook_activity' order by table_name",
  );
  const snapshot: TableSnapshot[] = [];
  for (const { table_name: table } of tables) {
    const [row] = await testApp.sql<{ rows: number; digest: string }>(
      `select count(*)::int as rows, md5(coalesce(string_agg(r.j, ',' order by r.j), '')) as digest
         from (select (to_jsonb(t) - 'last_used_at')::text as j from "${table.replace(/"/g, '""')}" t) r`,
    );
    snapshot.push({ table, rows: row.rows, digest: row.digest });
  }
  return snapshot;
}
