import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The request body exactly as sent: signatures are computed over these bytes, so a re-
 * serialised body would not do. A host's parsers must keep the bytes they parse in
 * `request.rawBody` (Nest's `rawBody: true` does); bodies no parser took (SNS's `text/plain`,
 * multipart forms) are read here from the stream.
 */
export async function rawBodyOf(request: Request & { rawBody?: Buffer }, limitBytes: number): Promise<Buffer> {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  if (request.readableEnded) {
    throw new Error('The request body was parsed but not kept: keep it in request.rawBody (Nest: { rawBody: true })');
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
