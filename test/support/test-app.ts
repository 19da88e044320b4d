import { EntityManager } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import { AppModule } from '../../src/app.module';
import { type AppConfig, loadAppConfig } from '../../src/config/app-config';
import { migrateDatabase, setupApp } from '../../src/setup-app';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_API_KEY = 'test-bootstrap-key-0123456789abcdef';

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly database: TestDatabase;
  /** Runs a statement on the app's database, outside any request (fixtures and assertions). */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Where the app's log lines go (stdout by default): a test that reads them passes its own stream. */
  readonly logDestination?: DestinationStream;
  /** Providers replaced by test doubles (nothing may leave the machine). */
  readonly overrides?: ReadonlyArray<readonly [token: unknown, value: unknown]>;
  /** A database to start on (another app's, to start again on its data); `close` then leaves it to its owner. */
  readonly database?: TestDatabase;
}

/** The host app as `main.ts` builds it, on a database of its own, with a bootstrap key. */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const config: AppConfig = loadAppConfig({ BOOTSTRAP_API_KEY: TEST_API_KEY, LOG_LEVEL: 'warn', OUTBOUND_WEBHOOKS_WORKER: 'false', ...env });
  const database = options.database ?? (await createTestDatabase());
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot({ ...config, databaseUrl: database.url, logDestination: options.logDestination })] });
  for (const [token, value] of options.overrides ?? []) builder = builder.overrideProvider(token).useValue(value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'], bodyParser: false });
  setupApp(app, config);
  await migrateDatabase(app);
  await app.init();
  return {
    app,
    database,
    sql: (query, params = []) => app.get(EntityManager).execute(query, params),
    close: async () => {
      await app.close();
      if (options.database === undefined) await database.drop();
    },
  };
}
