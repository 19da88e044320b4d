import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { failure, withRequestId } from '../../../../../shared/adapters/http/api-envelope';
import { SnsUnreachableError } from '../../application/ports/sns-unreachable.error';

/**
 * AWS did not answer us (a certificate fetch, a subscription confirmation): 503, which SNS
 * retries, rather than a 4xx, which would drop the message for good. The body is the API's
 * error envelope, as ApiExceptionFilter renders it.
 */
@Catch(SnsUnreachableError)
export class SnsUnreachableFilter implements ExceptionFilter {
  private readonly logger = new Logger('SesWebhook');

  catch(exception: SnsUnreachableError, host: ArgumentsHost): void {
    this.logger.warn(exception.message);
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    const body = failure('SERVICE_UNAVAILABLE', `${exception.message}; SNS may retry`);
    response.status(503).json(withRequestId(body, (http.getRequest<Request & { id?: unknown }>() ?? {}).id));
  }
}
