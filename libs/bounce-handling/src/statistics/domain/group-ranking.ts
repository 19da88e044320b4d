import { type DeliveryFigures, outcomesOf } from './delivery-figures';

/**
 * The groups of a dimension with the most outcomes over a range, most first (`''` for what is in
 * no group), and the number of groups the range has.
 */
export interface GroupRanking {
  readonly groups: readonly string[];
  readonly groupsTotal: number;
}

/**
 * Ranks the groups of some figures as a grouped answer keeps them: the most outcomes
 * (`outcomesOf`) summed over every row of a group first, ties by the group's UTF-8 bytes (`''`,
 * no group, first) — the order of PostgreSQL's "C" collation — cut to `limit`.
 */
export function rankGroups(rows: readonly { readonly group: string | null; readonly figures: DeliveryFigures }[], limit: number): GroupRanking {
  const outcomes = new Map<string, number>();
  for (const row of rows) outcomes.set(row.group ?? '', (outcomes.get(row.group ?? '') ?? 0) + outcomesOf(row.figures));
  const ranked = [...outcomes].sort(([a, x], [b, y]) => y - x || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return { groups: ranked.slice(0, limit).map(([group]) => group), groupsTotal: outcomes.size };
}
