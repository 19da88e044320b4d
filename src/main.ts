import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigurationError, loadAppConfig } from './config/app-config';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-postgres';
import { migrateDatabase, setupApp } from './setup-app';

/** How long in-flight requests get to finish after SIGTERM before the process gives up. */
const SHUTDOWN_GRACE_MS = 10_000;

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadAppConfig();
  let embedded: EmbeddedDatabase | null = null;
  if (config.databaseUrl === null) embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, log: (message) => logger.log(message) });
  const databaseUrl = config.databaseUrl ?? embedded!.url;

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...config, databaseUrl }), { bodyParser: false, bufferLogs: true });
  setupApp(app, config);
  await migrateDatabase(app);
  await app.listen(config.port);
  logger.log(`Serving on http://localhost:${config.port} (API docs at /docs)`);

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
    logger.log(`${signal}: finishing in-flight requests, then stopping`);
    setTimeout(() => {
      logger.error(`Requests still running after ${SHUTDOWN_GRACE_MS} ms: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      for (const response of unfinished) endConnectionAfter(response);
      await app.close(); // stops accepting connections, waits for in-flight requests, then closes the pool
      logger.log('In-flight requests finished, database pool closed');
      if (embedded) {
        await embedded.stop();
        logger.log('Embedded PostgreSQL stopped');
      }
      logger.log(`Stopped in ${Date.now() - started} ms`);
      process.exit(0);
    } catch (error) {
      logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  new Logger('Bootstrap').error(message);
  process.exit(1);
});
