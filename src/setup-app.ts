import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HTTP_REQUEST_LOGGER, HTTP_REQUEST_METRICS } from './app.module';
import type { AppConfig } from './config/app-config';
import { applyPendingMigrations } from './database/migrations';
import { installBodyParsers } from './http/body-parsers';
import { securityHeaders } from './http/security-headers';
import { API_KEY_SECURITY, ApiExceptionFilter, BEARER_SECURITY } from '../libs/bounce-handling/src';

/**
 * What every run of the host does to its app, in production and in the e2e tests alike. The
 * app must be created with `bodyParser: false` (see `installBodyParsers`).
 */
export function setupApp(app: NestExpressApplication, config: Pick<AppConfig, 'corsOrigins' | 'trustProxy'>): void {
  app.useLogger(app.get(Logger));
  // The client's address (keyless rate limit, logs) as told by the proxies trusted, or the socket's.
  app.set('trust proxy', config.trustProxy === false || typeof config.trustProxy === 'number' ? config.trustProxy : [...config.trustProxy]);
  // First of all: every request gets its id, and is logged, even one refused by a body parser.
  app.use(app.get<symbol, RequestHandler>(HTTP_REQUEST_LOGGER));
  // Counted and timed too, refused or not (when metrics are on).
  const requestMetrics = app.get<symbol, RequestHandler | null>(HTTP_REQUEST_METRICS);
  if (requestMetrics !== null) app.use(requestMetrics);
  app.disable('x-powered-by');
  // Answers are computed per request, never cached: no hash of every body for an ETag.
  app.set('etag', false);
  app.use(securityHeaders());
  // Browsers may call the API only from the origins configured; none by default.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Request-Id'],
      // A browser script may read these: the id to quote to support, and when to retry after a 429.
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
    });
  }
  installBodyParsers(app);
  app.use(withoutParserDetails);
  app.useGlobalFilters(new ApiExceptionFilter());
  setupSwagger(app);
}

/**
 * Nest answers a body parser's SyntaxError with its message, which quotes the body; the
 * error envelope says what is wrong without echoing the caller's bytes.
 */
const withoutParserDetails: ErrorRequestHandler = (error: unknown, _request, _response, next) => {
  const parseFailure = error instanceof SyntaxError && (error as { type?: unknown }).type === 'entity.parse.failed';
  next(parseFailure ? Object.assign(new Error('The request body is not valid JSON'), { status: 400, expose: true }) : error);
};

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

/**
 * Applies the pending migrations before the app serves; the schema changes no other way.
 * Instances started together take turns (`applyPendingMigrations`).
 */
export async function migrateDatabase(app: INestApplication): Promise<void> {
  await applyPendingMigrations(app.get(MikroORM));
}
