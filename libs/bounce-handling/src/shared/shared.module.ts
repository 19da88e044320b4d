import { type DynamicModule, Module } from '@nestjs/common';
import { BOUNCE_HANDLING_MODULE_OPTIONS, RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import { type ResolvedBounceHandlingOptions, resolveBounceHandlingOptions } from '../bounce-handling.options';
import { ApiRateLimiter } from './adapters/http/api-rate-limiter';
import { IngestionPace } from './adapters/load/ingestion-pace';
import { FanOutStatusChangeNotifier } from './adapters/notification/fan-out-status-change.notifier';
import { InProcessStatusChangeNotifier } from './adapters/notification/in-process-status-change.notifier';
import { LogStatusChangeNotifier } from './adapters/notification/log-status-change.notifier';
import { PrometheusStatusChangeNotifier } from './adapters/notification/prometheus-status-change.notifier';
import { InProcessRateLimitCounter } from './adapters/rate-limit/in-process-rate-limit-counter.adapter';
import { RedisRateLimitCounter } from './adapters/rate-limit/redis-rate-limit-counter.adapter';
import { PostgresAddressStateRepository } from './adapters/persistence/postgres-address-state-repository.adapter';
import { PostgresConnectionPoolShutdown } from './adapters/persistence/postgres-connection-pool';
import { PostgresOutbox } from './adapters/persistence/postgres-outbox.adapter';
import { PostgresConnectionPoolMetrics } from './adapters/persistence/postgres-connection-pool-metrics';
import { PostgresStatusChangeLog } from './adapters/persistence/postgres-status-change-log.adapter';
import { PostgresTransactionRunner } from './adapters/persistence/postgres-transaction-runner.adapter';
import { PostgresTableChanges, TableChanges } from './adapters/persistence/table-changes';
import { OutboxSubscriptions, SubscribedTypesOutbox } from './adapters/persistence/subscribed-types-outbox.adapter';
import { SystemClock } from './adapters/system-clock.adapter';
import { AddressStateRepository } from './application/ports/address-state.repository.port';
import { Clock } from './application/ports/clock.port';
import { Outbox } from './application/ports/outbox.port';
import { RateLimitCounter } from './application/ports/rate-limit-counter.port';
import { StatusChangeLog } from './application/ports/status-change-log.port';
import { StatusChangeNotifier } from './application/ports/status-change.notifier.port';
import { TransactionRunner } from './application/ports/transaction-runner.port';

/**
 * What every feature of one `BounceHandlingModule` uses: the options as the host gave them and
 * as resolved, the clock, transactions (and the pool of connections that the statements run
 * on, closed at shutdown, and its metrics), the status-change log and notifiers, the outbox of
 * outbound events, the database's notices of changes to the tables kept in memory, and the API's rate limit (one count per caller whichever feature's route is
 * called, kept in Redis when the host gives one); and an address's state, which ingestion and the subscribers' use cases lock, read and
 * save alike.
 */
@Module({})
export class SharedModule {
  /**
   * `options`: the module definition `ConfigurableModuleBuilder` made of the host's options (its
   * options provider and the imports its factory needs); `events`: the module of the in-process
   * events that the status-change notifier publishes to.
   */
  static register(options: DynamicModule, events: DynamicModule): DynamicModule {
    return {
      module: SharedModule,
      imports: [...(options.imports ?? []), events],
      providers: [
        ...(options.providers ?? []),
        { provide: RESOLVED_BOUNCE_HANDLING_OPTIONS, inject: [BOUNCE_HANDLING_MODULE_OPTIONS], useFactory: resolveBounceHandlingOptions },
        { provide: Clock, useClass: SystemClock },
        { provide: TransactionRunner, useClass: PostgresTransactionRunner },
        // How many reports this process ingests a second: the delivery worker yields while it is high.
        { provide: IngestionPace, useFactory: () => new IngestionPace() },
        // What the database tells of changes to the tables that features keep in memory (API keys, the allow-list, the endpoints' subscriptions).
        { provide: TableChanges, useClass: PostgresTableChanges },
        PostgresConnectionPoolShutdown,
        PostgresConnectionPoolMetrics,
        { provide: StatusChangeLog, useClass: PostgresStatusChangeLog },
        // Outbound events, appended in the transaction of the change they report; those of a type no
        // endpoint subscribes to are not written (the subscribed types are kept in memory, told by the database).
        PostgresOutbox,
        {
          provide: OutboxSubscriptions,
          inject: [PostgresOutbox, TableChanges],
          useFactory: (stored: PostgresOutbox, changes: TableChanges) => new OutboxSubscriptions(() => stored.subscribedTypes(), changes),
        },
        {
          provide: Outbox,
          inject: [PostgresOutbox, OutboxSubscriptions],
          useFactory: (stored: PostgresOutbox, subscriptions: OutboxSubscriptions) => new SubscribedTypesOutbox(stored, subscriptions),
        },
        // An address's state, wherever it lives: ingestion and the subscribers' use cases lock and save it.
        { provide: AddressStateRepository, useClass: PostgresAddressStateRepository },
        InProcessStatusChangeNotifier,
        LogStatusChangeNotifier,
        {
          provide: StatusChangeNotifier,
          inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS, InProcessStatusChangeNotifier, LogStatusChangeNotifier],
          useFactory: (resolved: ResolvedBounceHandlingOptions, inProcess: InProcessStatusChangeNotifier, log: LogStatusChangeNotifier) =>
            new FanOutStatusChangeNotifier([
              ...(resolved.logStatusChanges ? [log] : []),
              ...(resolved.metricsRegistry === null ? [] : [new PrometheusStatusChangeNotifier(resolved.metricsRegistry)]),
              inProcess,
            ]),
        },
        // The rate limit's counts: in Redis, shared by every instance, when the host gave one; in this process otherwise.
        {
          provide: RateLimitCounter,
          inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
          useFactory: async ({ redis, metricsRegistry }: ResolvedBounceHandlingOptions): Promise<RateLimitCounter> =>
            redis === null ? new InProcessRateLimitCounter() : await RedisRateLimitCounter.open({ ...redis, metricsRegistry }),
        },
        {
          provide: ApiRateLimiter,
          inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS, RateLimitCounter],
          useFactory: (resolved: ResolvedBounceHandlingOptions, counter: RateLimitCounter) => new ApiRateLimiter(resolved.rateLimit, counter),
        },
      ],
      exports: [
        RESOLVED_BOUNCE_HANDLING_OPTIONS,
        Clock,
        TransactionRunner,
        StatusChangeLog,
        Outbox,
        OutboxSubscriptions,
        AddressStateRepository,
        StatusChangeNotifier,
        ApiRateLimiter,
        TableChanges,
        IngestionPace,
      ],
    };
  }
}
