import * as https from 'node:https';
import { SnsUnreachableError } from '../../application/ports/sns-unreachable.error';

export interface BoundedHttpsGetOptions {
  /** For the whole exchange, connection included. */
  readonly timeoutMs: number;
  /** A longer body is a failure (it is not what SNS answers). */
  readonly maxBytes: number;
  /** Trust anchors instead of the platform's (tests against a local server). */
  readonly ca?: string;
}

/** The answer to a GET that ended in 2xx. */
export interface HttpsBody {
  readonly status: number;
  readonly body: Buffer;
}

/** An answer SNS would not give: a redirect, a 4xx, a body over the bound. */
export class UnexpectedSnsAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * One GET to an SNS endpoint: https with the platform's certificate checks, redirects not
 * followed (a 3xx is a failure: a redirect could lead anywhere), a short timeout, a bounded
 * body, no proxy or connection reuse. A network failure, a timeout or a 5xx reject with
 * `SnsUnreachableError` (worth retrying later); anything else but a 2xx with
 * `UnexpectedSnsAnswerError`.
 */
export function boundedHttpsGet(url: URL, options: BoundedHttpsGetOptions): Promise<HttpsBody> {
  return new Promise<HttpsBody>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const request = https.get(url, { agent: false, ca: options.ca, headers: { accept: '*/*', 'user-agent': 'mailpass-bounce-handling' } }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 500) return fail(new SnsUnreachableError(`${url.host} answered ${status}`));
      if (status < 200 || status >= 300)
        return fail(new UnexpectedSnsAnswerError(`${url.host} answered ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`));
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes)
        return fail(new UnexpectedSnsAnswerError(`${url.host} answered more than ${options.maxBytes} bytes`));
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) return fail(new UnexpectedSnsAnswerError(`${url.host} answered more than ${options.maxBytes} bytes`));
        chunks.push(chunk);
      });
      response.on('error', (error) => fail(new SnsUnreachableError(`reading from ${url.host} failed: ${error.message}`, { cause: error })));
      response.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status, body: Buffer.concat(chunks) });
      });
    });
    const timer = setTimeout(() => fail(new SnsUnreachableError(`${url.host} did not answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('error', (error) => fail(new SnsUnreachableError(`${url.host} could not be reached: ${error.message}`, { cause: error })));
    request.on('close', () => clearTimeout(timer));
  });
}
