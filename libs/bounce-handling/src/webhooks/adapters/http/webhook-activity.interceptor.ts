import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, mergeMap, type Observable } from 'rxjs';
import { ApiExceptionFilter } from '../../../shared/adapters/http/api-exception.filter';
import { Clock } from '../../../shared/application/ports/clock.port';
import { WebhookActivityRecorder } from '../../application/webhook-activity.recorder';
import type { WebhookProvider } from '../../domain/webhook-activity';
import { refusalOf } from './webhook-refusal';

/** The provider whose webhook a controller serves (set by `WebhookController`). */
export const WEBHOOK_PROVIDER = 'bounce-handling:webhook-provider';

/**
 * Counts what each webhook answers, for `GET /api/v1/webhooks/status`: a 2xx as accepted, an
 * error as the refusal the error filter will answer it with. A recording never changes the
 * answer; when it is written at once (the first after a quiet second), it is written before.
 */
@Injectable()
export class WebhookActivityInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly recorder: WebhookActivityRecorder,
    private readonly errors: ApiExceptionFilter,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const provider = this.reflector.get<WebhookProvider | undefined>(WEBHOOK_PROVIDER, context.getClass());
    if (provider === undefined) return next.handle();
    return next.handle().pipe(
      catchError(async (error: unknown) => {
        const { status, body } = this.errors.describe(error);
        const refusal = refusalOf(status, body.error);
        if (refusal !== null) await this.recorder.record(provider, { kind: 'refused', at: this.clock.now(), refusal });
        throw error;
      }),
      mergeMap(async (answer: unknown) => {
        await this.recorder.record(provider, { kind: 'accepted', at: this.clock.now() });
        return answer;
      }),
    );
  }
}
