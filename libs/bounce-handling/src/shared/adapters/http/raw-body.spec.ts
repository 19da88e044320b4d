import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { rawBodyOf } from './raw-body';

/** A request whose body is `chunks`, as a stream not read yet. */
function requestOf(...chunks: string[]): Request & { rawBody?: Buffer } {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk))) as unknown as Request & { rawBody?: Buffer };
}

describe('rawBodyOf', () => {
  it('answers the bytes a parser kept in request.rawBody', async () => {
    const request = Object.assign(requestOf(), { rawBody: Buffer.from('{"kept":true}') });
    expect((await rawBodyOf(request, 100)).toString()).toBe('{"kept":true}');
  });

  it('reads a body no parser took from the stream, and keeps it for the next reader', async () => {
    const request = requestOf('{"signed":', '"bytes"}');
    expect((await rawBodyOf(request, 100)).toString()).toBe('{"signed":"bytes"}');
    expect(request.rawBody?.toString()).toBe('{"signed":"bytes"}');
  });

  it('refuses a body over the limit with 413', async () => {
    await expect(rawBodyOf(requestOf('x'.repeat(60), 'y'.repeat(60)), 100)).rejects.toBeInstanceOf(PayloadTooLargeException);
  });

  it('says what the host must do when a parser read the body without keeping its bytes', async () => {
    const request = requestOf('{}');
    for await (const chunk of request as AsyncIterable<Buffer>) void chunk; // a parser read it all
    await expect(rawBodyOf(request, 100)).rejects.toThrow('The request body was parsed but not kept: keep it in request.rawBody (Nest: { rawBody: true })');
  });
});
