import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { BounceHandlingModule } from '../libs/bounce-handling/src';
import type { AppConfig } from './config/app-config';
import { mikroOrmOptions } from './database/mikro-orm.options';
import { HealthController } from './health/health.controller';
import { createLogger } from './logging/logger';
import { requestLogger } from './logging/request-logger';
import { httpRequestMetrics } from './metrics/http-request-metrics';
import { METRICS_REGISTRY, createMetricsRegistry } from './metrics/metrics-registry';
import { MetricsController } from './metrics/metrics.controller';

export interface AppModuleOptions extends AppConfig {
  readonly databaseUrl: string;
  /** Where logs go (stdout by default); tests capture them here. */
  readonly logDestination?: DestinationStream;
  /** The library's background work (delivery worker, mailbox poller, maintenance, change notices); false for the CLI. Default true. */
  readonly backgroundWork?: boolean;
}

/**
 * The request logger (`requestLogger`): it gives each request its id and logs its answer. `setupApp`
 * mounts it ahead of the body parsers, so that a body refused while it is read (413, 415,
 * malformed JSON) is logged and answered with its request id too.
 */
export const HTTP_REQUEST_LOGGER = Symbol('HTTP_REQUEST_LOGGER');

/** The middleware that counts and times requests (`httpRequestMetrics`), or null when metrics are off; `setupApp` mounts it. */
export const HTTP_REQUEST_METRICS = Symbol('HTTP_REQUEST_METRICS');

/** The host application: configuration, logging, metrics, the database, and the bounce-handling library. */
@Module({})
export class AppModule {
  static forRoot(config: AppModuleOptions): DynamicModule {
    const logger = createLogger(config.logLevel, config.logDestination);
    // One registry for the host's metrics and the library's, served at GET /metrics.
    const metrics = config.metricsEnabled ? createMetricsRegistry() : null;
    return {
      module: AppModule,
      imports: [
        // The request logger, mounted by setupApp, also binds each request's logger to its async
        // context for nestjs-pino's Logger: nestjs-pino's own middleware is not mounted.
        LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true, forRoutes: [] }),
        // No EntityManager fork per request: the library's repositories speak SQL on the
        // transaction's connection (pgQuery, pgSelect) and use no entity at runtime, so a
        // request context would cost every request its fork for nothing.
        MikroOrmModule.forRoot({ ...mikroOrmOptions(config.databaseUrl, {}, config.databaseTimeouts), registerRequestContext: false }),
        BounceHandlingModule.forRoot({
          softBounceThreshold: config.softBounceThreshold,
          senderBlocksSuppress: config.senderBlocksSuppress,
          softBounceWindowDays: config.softBounceWindowDays,
          softSuppressionExpiryDays: config.softSuppressionExpiryDays,
          bootstrapApiKey: config.bootstrapApiKey ?? undefined,
          rateLimit: { limit: config.apiRateLimitPerMinute, windowMs: 60_000 },
          redis: config.redisUrl === null ? undefined : { url: config.redisUrl },
          webhooks: config.webhooks,
          inbound: { verpPrefix: config.inboundVerpPrefix, imapUrl: config.inboundImapUrl, pollSeconds: config.inboundImapPollSeconds },
          outboundWebhooksAllowInsecure: config.outboundWebhooksAllowInsecure,
          outboundWebhooksWorker: config.outboundWebhooksWorker,
          backgroundWork: config.backgroundWork ?? true,
          retention: { months: config.retentionMonths, rawReportDays: config.rawReportRetentionDays },
          metrics: metrics === null ? undefined : { registry: metrics },
        }),
      ],
      controllers: metrics === null ? [HealthController] : [HealthController, MetricsController],
      providers: [
        { provide: HTTP_REQUEST_LOGGER, useValue: requestLogger(logger) },
        { provide: METRICS_REGISTRY, useValue: metrics },
        { provide: HTTP_REQUEST_METRICS, useValue: metrics === null ? null : httpRequestMetrics(metrics) },
      ],
    };
  }
}
