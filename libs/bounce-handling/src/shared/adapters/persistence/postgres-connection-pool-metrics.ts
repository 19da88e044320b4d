import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../../../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../../../bounce-handling.options';
import { connectionPoolUse, type ConnectionPoolUse } from './postgres-connection-pool';

/**
 * The pool's connections on the host's registry, read when it is scraped:
 * `db_pool_connections` (open), `db_pool_idle_connections`, `db_pool_waiting_requests`
 * (borrowers waiting: the pool is exhausted) and `db_pool_max_connections`.
 */
@Injectable()
export class PostgresConnectionPoolMetrics {
  constructor(em: EntityManager, @Inject(RESOLVED_BOUNCE_HANDLING_OPTIONS) { metricsRegistry }: ResolvedBounceHandlingOptions) {
    if (metricsRegistry === null) return;
    const gauge = (name: string, help: string, read: (use: ConnectionPoolUse) => number): void => {
      new Gauge({
        name,
        help,
        registers: [metricsRegistry],
        collect() {
          const use = connectionPoolUse(em);
          if (use !== null) this.set(read(use));
        },
      });
    };
    gauge('db_pool_connections', 'Open connections of the database pool, lent or idle', (use) => use.total);
    gauge('db_pool_idle_connections', 'Idle connections of the database pool', (use) => use.idle);
    gauge('db_pool_waiting_requests', 'Statements waiting for a connection of the database pool (it is exhausted while there are any)', (use) => use.waiting);
    gauge('db_pool_max_connections', 'The most connections the database pool opens', (use) => use.max);
  }
}
