import { MikroORM } from '@mikro-orm/postgresql';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKeysFacade } from '../../libs/bounce-handling/src';
import { AppModule } from '../app.module';
import { loadAppConfig } from '../config/app-config';
import { prepareDatabase } from '../database/database-preflight';
import { applyPendingMigrations } from '../database/migrations';
import { startEmbeddedDatabase } from '../database/embedded-postgres';
import type { PrintLine } from './api-key.commands';
import type { CliApplication } from './run-cli';

/** Nest's logger, but every line on stderr: stdout is the commands' output (the new key last). */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

/**
 * The host's modules without HTTP, on the service's database (docs/configuration.md):
 * `DATABASE_URL` (checked first, and created only with `DATABASE_CREATE=true`, as at the
 * service's start), or else the embedded PostgreSQL under `DATA_DIR` — the server of a running
 * app when there is one (so the CLI works beside `npm start`), otherwise one started for this
 * command and stopped after it.
 */
export async function openCliApplication(env: NodeJS.ProcessEnv, log: PrintLine): Promise<CliApplication> {
  const config = loadAppConfig(env);
  if (config.databaseUrl !== null)
    await prepareDatabase(config.databaseUrl, { create: config.databaseCreate, connectTimeoutMs: config.databaseTimeouts.connectMs, log });
  const embedded = config.databaseUrl === null ? await startEmbeddedDatabase({ dataDir: config.dataDir, reuseRunningServer: true, log }) : null;
  let closing: Promise<void> | undefined;
  try {
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({
        ...config,
        databaseUrl: config.databaseUrl ?? embedded!.url,
        // No bootstrap key: ensuring it is the serving app's job, and it would run before the migrations.
        bootstrapApiKey: null,
        // No delivery, polling or maintenance from a command: the service's job (and the command runs before the migrations).
        backgroundWork: false,
        // stdout is the command's output alone.
        logLevel: 'warn',
        logDestination: process.stderr,
      }),
      { logger: new StderrLogger({ logLevels: ['error', 'warn'] }), abortOnError: false },
    );
    return {
      apiKeys: app.get(ApiKeysFacade),
      migrate: () => applyPendingMigrations(app.get(MikroORM)),
      // Once, whether the command finished or a signal came first.
      close: () => (closing ??= app.close().finally(() => embedded?.stop())),
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
