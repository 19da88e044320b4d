import { BadRequestException, Logger, type ArgumentsHost } from '@nestjs/common';
import { ValidationError } from '../../domain/domain-error';
import { ApiExceptionFilter } from './api-exception.filter';

function answer(exception: unknown, requestId?: string): { status: number; body: Record<string, any> } {
  const sent: { status: number; body: Record<string, any> } = { status: 0, body: {} };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, any>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ id: requestId }) }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(exception, host);
  return sent;
}

describe('ApiExceptionFilter', () => {
  // 5xx answers are logged with their stack: expected here, and kept out of the test output.
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('answers a domain error by its code, with the request id', () => {
    expect(answer(new ValidationError('email: must be valid'), 'req-1')).toEqual({
      status: 400,
      body: { success: false, error: { code: 'VALIDATION_ERROR', message: 'email: must be valid', request_id: 'req-1' } },
    });
  });

  it('answers an HTTP exception by its status', () => {
    expect(answer(new BadRequestException('bad'))).toEqual({ status: 400, body: { success: false, error: { code: 'VALIDATION_ERROR', message: 'bad' } } });
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['an administrator shutdown', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a pool that gives no connection in time', new Error('timeout exceeded when trying to connect')],
    ['a connection not opened in time', new Error('timeout expired')],
    ['a connection not opened within the wait for one', new Error('Connection terminated due to connection timeout')],
    ["MikroORM's pool giving no connection in time", Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' })],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a statement the database gave no answer to in time (a stalled server)', new Error('Query read timeout')],
    ['a statement the server cancelled at its statement_timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['a transaction whose connection was lost', new Error('Transaction query already complete, run with DEBUG=knex:tx for more info')],
    [
      'a lost connection wrapped in another error',
      Object.assign(new Error('select failed'), { cause: new Error('Client has encountered a connection error and is not queryable') }),
    ],
  ])('answers 503 to %s, so that providers retry', (_case, error) => {
    expect(answer(error)).toMatchObject({ status: 503, body: { success: false, error: { code: 'SERVICE_UNAVAILABLE' } } });
  });

  it('answers 500 without internals to anything else', () => {
    const { status, body } = answer(new TypeError('cannot read properties of undefined (secret internals)'));
    expect(status).toBe(500);
    expect(body).toEqual({ success: false, error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' } });
  });
});
