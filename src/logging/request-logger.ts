import type { IncomingMessage, ServerResponse } from 'node:http';
import { storage, Store } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { requestIdOf } from './logger';

type LoggedRequest = IncomingMessage & { log?: Logger; originalUrl?: string };
type LoggedResponse = ServerResponse & { log?: Logger };

/**
 * Gives each request its id (`X-Request-Id`, echoed) and a child logger that stamps every line
 * logged while serving it with `request_id` (bound to the request's async context, where
 * nestjs-pino's `Logger` finds it: one middleware where nestjs-pino would add its own), and
 * logs one line when it is answered: `request completed`, `request errored` (5xx) or
 * `request aborted` (the client left first), with the method, the URL, the status and the time
 * taken, at `info`.
 *
 * In place of pino-http, which serialises and redacts the whole request into a second child
 * logger on every request, whether or not a line is ever written: a third of the CPU of a
 * small API request.
 */
export function requestLogger(logger: Logger): (request: LoggedRequest, response: LoggedResponse, next: () => void) => void {
  return (request, response, next) => {
    const id = requestIdOf(request, response);
    const log = logger.child({ request_id: id });
    Object.assign(request, { id, log });
    response.log = log;
    const started = Date.now();
    const answered = (): void => {
      response.removeListener('close', answered);
      response.removeListener('finish', answered);
      if (!log.isLevelEnabled('info')) return;
      const line = {
        req: { method: request.method ?? '', url: request.originalUrl ?? request.url ?? '' },
        res: { status: response.statusCode },
        responseTime: Date.now() - started,
      };
      if (response.statusCode >= 500) log.info(line, 'request errored');
      else log.info(line, response.writableEnded ? 'request completed' : 'request aborted');
    };
    response.on('close', answered);
    response.on('finish', answered);
    storage.run(new Store(log), next);
  };
}
