import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino, { type Logger } from 'pino';
import { AppModule } from './app.module';
import { type AppConfig, loadAppConfig } from './config/app-config';
import { prepareDatabase } from './database/database-preflight';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-postgres';
import { createLogger } from './logging/logger';
import { PinoNestLogger } from './logging/nest-logger';
import { migrateDatabase, setupApp } from './setup-app';
import { MigrationFailedError, startupFailureMessage } from './startup-failure';

/** How long in-flight requests get to finish after SIGTERM before the process gives up. */
const SHUTDOWN_GRACE_MS = 10_000;

let config: AppConfig | null = null;
let logger: Logger | null = null;

async function bootstrap(): Promise<void> {
  config = loadAppConfig();
  const root = createLogger(config.logLevel);
  logger = root.child({ context: 'Bootstrap' });
  const log = (message: string): void => logger!.info(message);

  let embedded: EmbeddedDatabase | null = null;
  let app: NestExpressApplication | null = null;
  try {
    if (config.databaseUrl === null) embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, httpPort: config.port, log });
    else await prepareDatabase(config.databaseUrl, { create: config.databaseCreate, connectTimeoutMs: config.databaseTimeouts.connectMs, log });
    const databaseUrl = config.databaseUrl ?? embedded!.url;

    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...config, databaseUrl }), {
      bodyParser: false,
      logger: new PinoNestLogger(root),
      // A failure is thrown to the catch below, which says what failed, instead of exiting silently.
      abortOnError: false,
    });
    setupApp(app, config);
    await migrateDatabase(app).catch((error: unknown) => {
      throw new MigrationFailedError(error);
    });
    await app.listen(config.port);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  log(`Serving on http://localhost:${config.port} (API docs at /docs)`);
  serveUntilStopped(app, embedded);
}

function serveUntilStopped(app: NestExpressApplication, embedded: EmbeddedDatabase | null): void {
  const log = (message: string): void => logger!.info(message);
  let stopping = false;
  const server = app.getHttpServer() as Server;
  const unfinished = new Set<ServerResponse>();
  /*
   * A response finished during the shutdown ends its connection: a keep-alive connection left
   * idle would hold app.close() (server.close() waits for every connection) until the client or
   * keepAliveTimeout drops it, eating into the grace period.
   */
  const endConnectionAfter = (response: ServerResponse): void => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
    else response.once('finish', () => setImmediate(() => server.closeIdleConnections()));
  };
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (stopping) return endConnectionAfter(response);
    unfinished.add(response);
    response.once('close', () => unfinished.delete(response));
  });

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    log(`${signal}: finishing in-flight requests, then stopping`);
    setTimeout(() => {
      logger!.error(`Requests still running after ${SHUTDOWN_GRACE_MS} ms: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      for (const response of unfinished) endConnectionAfter(response);
      await app.close(); // stops accepting connections, waits for in-flight requests, then closes the pool
      log('In-flight requests finished, database pool closed');
      if (embedded) {
        await embedded.stop();
        log('Embedded PostgreSQL stopped');
      }
      log(`Stopped in ${Date.now() - started} ms`);
      process.exit(0);
    } catch (error) {
      logger!.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

/**
 * A failed start exits 1 with one line on stderr saying what failed and what to do (JSON, like
 * every log line), after the details (the error and its stack) in the log.
 */
bootstrap().catch((error: unknown) => {
  (logger ?? createLogger(config?.logLevel ?? 'info').child({ context: 'Bootstrap' })).error({ err: error }, 'The start failed');
  pino(pino.destination({ fd: 2, sync: true })).fatal({ context: 'Bootstrap' }, startupFailureMessage(error, config?.port ?? null));
  process.exit(1);
});
