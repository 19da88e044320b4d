import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import type { StatisticsDimension, StatisticsRange } from '../domain/statistics-range';
import type { GroupRanking } from '../domain/group-ranking';
import { DeliveryStatisticsRepository } from './ports/delivery-statistics.repository.port';

/**
 * How long the choice of a grouped answer's top groups is reused for the same range and limit,
 * when it had to leave groups out. The figures are read afresh for every answer; only which
 * groups are answered, and how many there were, may be this old.
 */
export const RANKING_REUSE_MS = 60_000;

/** Rankings remembered at most (the oldest go first): a few dashboards' worth. */
export const MAX_REMEMBERED_RANKINGS = 256;

interface Remembered {
  readonly ranking: Promise<GroupRanking>;
  readonly at: number;
}

/**
 * The top groups of a dimension over a range, ranked by the database at most once a minute per
 * (dimension, range, limit) in this process. Ranking reads every group's counters of the range
 * (tens of thousands of rows for a month of domains); the answer's own figures are a few hundred
 * rows. A ranking being computed is shared by the requests that ask for it meanwhile; one that
 * failed is forgotten at once.
 */
@Injectable()
export class GroupRankings {
  private readonly remembered = new Map<string, Remembered>();

  constructor(
    private readonly statistics: DeliveryStatisticsRepository,
    private readonly clock: Clock,
  ) {}

  rank(dimension: StatisticsDimension, range: StatisticsRange, limit: number): Promise<GroupRanking> {
    const now = this.clock.now().getTime();
    const key = `${dimension} ${range.interval} ${range.from.getTime()} ${range.to.getTime()} ${limit}`;
    const known = this.remembered.get(key);
    if (known !== undefined && now - known.at < RANKING_REUSE_MS && now >= known.at) return known.ranking;
    const ranking = this.statistics.rankGroups(dimension, range, limit);
    this.remember(key, { ranking, at: now });
    ranking.catch(() => {
      if (this.remembered.get(key)?.ranking === ranking) this.remembered.delete(key);
    });
    return ranking;
  }

  private remember(key: string, entry: Remembered): void {
    // Re-inserted, so that the map's order stays the order of age.
    this.remembered.delete(key);
    this.remembered.set(key, entry);
    for (const oldest of this.remembered.keys()) {
      if (this.remembered.size <= MAX_REMEMBERED_RANKINGS) break;
      this.remembered.delete(oldest);
    }
  }
}
