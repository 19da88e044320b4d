import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { storage } from 'nestjs-pino/storage';
import { createLogger } from './logger';
import { requestLogger } from './request-logger';

function captured(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: createLogger(level, destination) };
}

function exchange(headers: Record<string, string> = {}) {
  const request = Object.assign(new EventEmitter(), {
    method: 'POST',
    url: '/api/v1/bounces?x=1',
    headers: { authorization: 'Bearer secret-key', ...headers },
  });
  const sent: Record<string, string> = {};
  const response = Object.assign(new EventEmitter(), {
    statusCode: 200,
    writableEnded: false,
    setHeader: (name: string, value: string) => void (sent[name] = value),
  });
  return { request: request as unknown as IncomingMessage, response: response as unknown as ServerResponse & EventEmitter, sent };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('requestLogger', () => {
  it('gives the request an id, echoes it, and logs the answer once with method, URL, status and time, never a header', async () => {
    const { lines, logger } = captured();
    const { request, response, sent } = exchange({ 'x-request-id': 'req-1' });
    const next = jest.fn();
    requestLogger(logger)(request, response, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(sent['X-Request-Id']).toBe('req-1');
    expect((request as unknown as { id: string }).id).toBe('req-1');
    Object.assign(response, { statusCode: 201, writableEnded: true });
    response.emit('finish');
    response.emit('close');
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        request_id: 'req-1',
        req: { method: 'POST', url: '/api/v1/bounces?x=1' },
        res: { status: 201 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-key');
  });

  it('stamps every line logged through the request logger with the request id', async () => {
    const { lines, logger } = captured();
    const { request, response } = exchange({ 'x-request-id': 'req-2' });
    requestLogger(logger)(request, response, () => undefined);
    (request as unknown as { log: { warn(message: string): void } }).log.warn('while serving');
    await flush();
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'while serving', request_id: 'req-2' })]);
  });

  it('binds the request logger to the request’s async context, where nestjs-pino’s Logger finds it, and to nothing outside', async () => {
    const { logger } = captured();
    const { request, response } = exchange({ 'x-request-id': 'req-3' });
    let bound: unknown;
    requestLogger(logger)(request, response, () => {
      void Promise.resolve().then(() => (bound = storage.getStore()?.logger));
    });
    await flush();
    expect(bound).toBe((request as unknown as { log: unknown }).log);
    expect(storage.getStore()).toBeUndefined();
  });

  it('replaces an unacceptable request id with a fresh UUID', () => {
    const { logger } = captured();
    const { request, response, sent } = exchange({ 'x-request-id': '","level":60,"msg":"forged' });
    requestLogger(logger)(request, response, () => undefined);
    expect(sent['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [503, true, 'request errored'],
    [413, true, 'request completed'],
    [200, false, 'request aborted'],
  ])('logs a %i answer (ended: %p) as %p', async (status, ended, message) => {
    const { lines, logger } = captured();
    const { request, response } = exchange();
    requestLogger(logger)(request, response, () => undefined);
    Object.assign(response, { statusCode: status, writableEnded: ended });
    response.emit(ended ? 'finish' : 'close');
    await flush();
    expect(lines).toEqual([expect.objectContaining({ msg: message, res: { status } })]);
  });

  it('writes no request line below its level, and still gives the request its id and logger', async () => {
    const { lines, logger } = captured('warn');
    const { request, response, sent } = exchange();
    requestLogger(logger)(request, response, () => undefined);
    Object.assign(response, { writableEnded: true });
    response.emit('finish');
    await flush();
    expect(lines).toEqual([]);
    expect(sent['X-Request-Id']).toBeDefined();
    expect((request as unknown as { log: unknown }).log).toBeDefined();
  });
});
