import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Request-Id` when it is a sensible one, else a new one; echoed in the answer. */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/**
 * The service's logger: structured logs, one JSON line each. Requests are logged by method and
 * URL only (see `requestLogger`): headers (API keys, provider signatures) never reach a log.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      serializers: {
        req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url }),
        res: (response: { status: number }) => ({ status: response.status }),
      },
      redact: { paths: ['req.headers', 'res.headers', '*.authorization', '*["x-api-key"]'], remove: true },
    },
    destination ?? process.stdout,
  );
}
