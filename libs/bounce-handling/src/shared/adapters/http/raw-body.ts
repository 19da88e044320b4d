import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The request body exactly as sent: signatures are computed over these bytes, so a re-
 * serialised body would not do. JSON and form bodies are kept by Nest when the host creates
 * the app with `rawBody: true`; bodies no parser of the host took (SNS's `text/plain`,
 * multipart forms) are read here from the stream.
 */
export async function rawBodyOf(request: Request & { rawBody?: Buffer }, limitBytes: number): Promise<Buffer> {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  if (request.readableEnded || (request as { _body?: boolean })._body) {
    throw new Error('The request body was parsed but not kept: create the Nest application with { rawBody: true }');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      request.unpipe();
      request.resume(); // drain what is left so that the connection can answer
      throw new PayloadTooLargeException(`The request body is over ${limitBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  request.rawBody = body;
  return body;
}
