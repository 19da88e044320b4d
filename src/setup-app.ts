import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';
import { installBodyParsers } from './http/body-parsers';
import { API_KEY_SECURITY, ApiExceptionFilter, BEARER_SECURITY } from '../libs/bounce-handling/src';

/**
 * What every run of the host does to its app, in production and in the e2e tests alike. The
 * app must be created with `bodyParser: false` (see `installBodyParsers`).
 */
export function setupApp(app: NestExpressApplication, config: Pick<AppConfig, 'corsOrigins'>): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(helmet());
  // Browsers may call the API only from the origins configured; none by default.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: [...config.corsOrigins], allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Request-Id'] });
  installBodyParsers(app);
  app.useGlobalFilters(new ApiExceptionFilter());
  setupSwagger(app);
}

export function setupSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Mailpass bounce handling')
      .setDescription(
        'Bounces, complaints and deliveries from providers and the API; the bounce-handling policy; ' +
          'whether an address may be mailed. Every answer is `{ "success": true, "data": … }` or ' +
          '`{ "success": false, "error": { "code", "message", "details"? } }`.',
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key' }, API_KEY_SECURITY)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key as a bearer token' }, BEARER_SECURITY)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}

/** Applies the pending migrations before the app serves; the schema changes no other way. */
export async function migrateDatabase(app: INestApplication): Promise<void> {
  await app.get(MikroORM).getMigrator().up();
}
