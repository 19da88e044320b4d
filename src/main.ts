import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigurationError, loadAppConfig } from './config/app-config';
import { startEmbeddedDatabase } from './database/embedded-postgres';
import { migrateDatabase, setupApp } from './setup-app';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadAppConfig();
  const embedded = config.databaseUrl === null ? await startEmbeddedDatabase({ dataDir: config.dataDir, log: (message) => logger.log(message) }) : null;
  const databaseUrl = config.databaseUrl ?? embedded!.url;

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...config, databaseUrl }), { bodyParser: false });
  setupApp(app);
  app.enableShutdownHooks();
  if (embedded) {
    // Stop the embedded server after Nest has closed the pool, whatever the signal.
    const close = app.close.bind(app);
    app.close = async () => {
      await close();
      await embedded.stop();
    };
  }
  await migrateDatabase(app);
  await app.listen(config.port);
  logger.log(`Serving on http://localhost:${config.port} (API docs at /docs)`);
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  new Logger('Bootstrap').error(message);
  process.exit(1);
});
