import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * A request body of at most `limitBytes`, as a stream, refused whole (413) when it is larger:
 * an import must store nothing of a file it refuses, yet it stores rows as it reads them.
 *
 * - With a `Content-Length`, the length is checked before a byte is read, and the request itself
 *   is the stream (Node never reads past the length it declared).
 * - Without one (chunked), the body is written to a temporary file as it arrives, counted, and
 *   read back from there once it is known to fit: memory holds a chunk, never the body. The
 *   file is removed when the stream closes.
 *
 * A refused body is drained, so that the client, still sending, reads the answer.
 */
export async function boundedRequestBody(request: Request, limitBytes: number): Promise<Readable> {
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > limitBytes) throw refuse(request, limitBytes);
    return request;
  }
  const directory = await mkdtemp(join(tmpdir(), 'suppression-import-'));
  const path = join(directory, 'body');
  const removeFile = (): Promise<void> => rm(directory, { recursive: true, force: true });
  try {
    const file = createWriteStream(path);
    const written = finished(file);
    written.catch(() => undefined); // awaited below, unless the body is refused first
    let size = 0;
    // Not destroyed on a refusal: the request's socket carries the answer.
    for await (const chunk of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) {
        file.destroy();
        throw refuse(request, limitBytes);
      }
      if (!file.write(chunk)) await once(file, 'drain');
    }
    file.end();
    await written;
  } catch (error) {
    await removeFile();
    throw error;
  }
  const spooled = createReadStream(path);
  spooled.once('close', () => void removeFile());
  return spooled;
}

function refuse(request: Request, limitBytes: number): PayloadTooLargeException {
  request.resume();
  return new PayloadTooLargeException(`The request body is over ${limitBytes} bytes (${limitBytes / (1024 * 1024)} MB)`);
}
