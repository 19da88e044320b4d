import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type DomainErrorCode } from '../../domain/domain-error';
import { failure, withRequestId } from './api-envelope';
import { RequestValidationException } from './request-validation';

const STATUS_OF_DOMAIN_ERROR: Record<DomainErrorCode, number> = {
  VALIDATION_ERROR: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  // A feature the deployment has not set up: retrying later (once it is) loses nothing.
  NOT_CONFIGURED: HttpStatus.SERVICE_UNAVAILABLE,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Errors of the database connection, and a statement cancelled at the statement timeout (an
 * overloaded database): the request may succeed later.
 */
const UNAVAILABLE_ERROR_CODES = new Set([
  '57014',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '3D000',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/**
 * What pg and knex say when a connection is lost during a query or a transaction, what pg says
 * when it opens none in time or gets no answer to a statement in time (`query_timeout`), and
 * what pg's pool says when it lends none in time: no code.
 */
const CONNECTION_LOST =
  /Connection terminated|Connection ended unexpectedly|Client has encountered a connection error|Client was closed and is not queryable|Transaction query already complete|^timeout expired$|timeout exceeded when trying to connect|Query read timeout/;

/**
 * Turns anything thrown while serving a request into the API's error envelope
 * (docs/configuration.md, "HTTP contract"): domain errors by their code, HTTP exceptions by
 * their status, an unreachable database as a 503 (so that providers retry), anything else as
 * a 500 without internals.
 */
/** `response.locals` key of the error an answer carries (`{ code, message }`), set by `ApiExceptionFilter`. */
export const ANSWERED_ERROR = 'answeredError';

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const { status, body } = this.describe(exception);
    if (status >= 500) this.logger.error(this.summary(exception), exception instanceof Error ? exception.stack : undefined);
    if (response.headersSent) return;
    // For what watches the answer (the webhooks' activity): the error it was, not only its status.
    if (response.locals) response.locals[ANSWERED_ERROR] = body.error;
    response.status(status).json(withRequestId(body, (http.getRequest<Request & { id?: unknown }>() ?? {}).id));
  }

  /** The status and body this filter answers `exception` with. */
  describe(exception: unknown): { status: number; body: ReturnType<typeof failure> } {
    if (exception instanceof DomainError) {
      return { status: STATUS_OF_DOMAIN_ERROR[exception.code], body: failure(exception.code, exception.message, exception.details) };
    }
    if (exception instanceof RequestValidationException) {
      return { status: 400, body: failure('VALIDATION_ERROR', exception.message, exception.problems) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, body: failure(CODE_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'), this.messageOf(exception)) };
    }
    const expressStatus = this.expressStatusOf(exception);
    if (expressStatus !== undefined) {
      // body-parser's errors: malformed JSON (400), too large (413), unsupported charset (415)
      const message = expressStatus === 400 ? 'The request body is not valid JSON' : (exception as Error).message;
      return { status: expressStatus, body: failure(CODE_OF_STATUS[expressStatus] ?? 'BAD_REQUEST', message) };
    }
    if (this.isDatabaseUnavailable(exception)) {
      return { status: 503, body: failure('SERVICE_UNAVAILABLE', 'The database is unavailable; retry later') };
    }
    return { status: 500, body: failure('INTERNAL_ERROR', 'An unexpected error occurred') };
  }

  private messageOf(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' ? message : exception.message;
  }

  private expressStatusOf(exception: unknown): number | undefined {
    const candidate = exception as { status?: unknown; type?: unknown; expose?: unknown };
    if (typeof candidate?.status !== 'number' || candidate.expose !== true) return undefined;
    return candidate.status >= 400 && candidate.status < 500 ? candidate.status : undefined;
  }

  private isDatabaseUnavailable(exception: unknown): boolean {
    for (let error = exception as { code?: unknown; cause?: unknown; name?: unknown } | undefined, depth = 0; error && depth < 5; depth += 1) {
      if (typeof error.code === 'string' && UNAVAILABLE_ERROR_CODES.has(error.code)) return true;
      if (error.name === 'ConnectionException' || error.name === 'KnexTimeoutError') return true;
      if (CONNECTION_LOST.test(String((error as { message?: unknown }).message))) return true;
      error = error.cause as typeof error;
    }
    return false;
  }

  private summary(exception: unknown): string {
    return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
  }
}
