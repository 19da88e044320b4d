import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { ANSWERED_ERROR } from '../../../shared/adapters/http/api-exception.filter';
import { FixedClock } from '../../../testing';
import type { WebhookActivityRecorder } from '../../application/webhook-activity.recorder';
import type { WebhookOutcome, WebhookProvider } from '../../domain/webhook-activity';
import { webhookActivityMiddleware } from './webhook-activity.middleware';

function setUp() {
  const recorded: [WebhookProvider, WebhookOutcome][] = [];
  const recorder = {
    record: async (provider: WebhookProvider, outcome: WebhookOutcome) => void recorded.push([provider, outcome]),
  } as unknown as WebhookActivityRecorder;
  const clock = new FixedClock();
  const middleware = webhookActivityMiddleware('mailgun', recorder, clock);
  /** A request through the middleware, answered with `status` (and the error the filter answered with). */
  const answer = (status: number | null, error?: { code: string; message: string }) => {
    const response = Object.assign(new EventEmitter(), { statusCode: 200, locals: {} as Record<string, unknown> });
    const next = jest.fn() as NextFunction;
    middleware({} as Request, response as unknown as Response, next);
    expect(next).toHaveBeenCalledTimes(1);
    if (status === null) return response.emit('close'); // the caller left before the answer
    response.statusCode = status;
    if (error) response.locals[ANSWERED_ERROR] = error;
    response.emit('finish');
  };
  return { recorded, clock, answer };
}

describe('webhookActivityMiddleware', () => {
  it('counts a 2xx answer as accepted, when it is answered', () => {
    const { recorded, clock, answer } = setUp();
    answer(200);
    expect(recorded).toEqual([['mailgun', { kind: 'accepted', at: clock.now() }]]);
  });

  it('counts an error answer as the refusal the error filter answered it with', () => {
    const { recorded, clock, answer } = setUp();
    answer(401, { code: 'UNAUTHORIZED', message: 'The Mailgun signature does not match' });
    expect(recorded).toEqual([
      ['mailgun', { kind: 'refused', at: clock.now(), refusal: { reason: 'bad_signature', status: 401, message: 'The Mailgun signature does not match' } }],
    ]);
  });

  it('counts nothing for a 503 that asks the provider to retry, nor for a request left before its answer', () => {
    const { recorded, answer } = setUp();
    answer(503, { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable' });
    answer(null);
    expect(recorded).toEqual([]);
  });
});
