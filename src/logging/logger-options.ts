import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Request-Id` when it is a sensible one, else a new one; echoed in the answer. */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Structured logs, one JSON line each, every line of a request carrying its id. Requests are
 * logged by method and URL only: headers (API keys, provider signatures) never reach a log.
 */
export function loggerOptions(level: string, destination?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level,
        genReqId: requestIdOf,
        // Lines logged while serving a request carry `request_id` rather than the whole request.
        quietReqLogger: true,
        customAttributeKeys: { reqId: 'request_id' },
        serializers: {
          req: (request: { id: string; method: string; url: string }) => ({ method: request.method, url: request.url }),
          res: (response: { statusCode: number }) => ({ status: response.statusCode }),
        },
        redact: { paths: ['req.headers', 'res.headers', '*.authorization', '*["x-api-key"]'], remove: true },
      },
      destination ?? process.stdout,
    ],
  };
}
