import * as path from 'node:path';

/**
 * postal-mime 4 ends every part by joining its lines through a `Blob`
 * (`new Blob(chunks).arrayBuffer()`), two `Blob` parts a line. Node 20's `Blob` costs
 * microseconds a part: a 5 KB report spends most of a millisecond there, and a megabyte of short
 * lines seconds (docs/inbound-mail.md, "The MIME parser"). This replaces the `finalize` of its
 * three content decoders with a plain copy of the same bytes into one `ArrayBuffer` — the same
 * result (`postal-mime-decoders.spec.ts` compares them), four to twenty times faster.
 *
 * The decoders are internal modules of the pinned version (4.0.0), reached beside its entry
 * point; should a version lay them out otherwise, nothing is replaced and `fastDecodersInstalled`
 * says so (a spec fails on it, so that an upgrade cannot lose this silently).
 */
const DECODERS = ['pass-through-decoder.js', 'base64-decoder.js', 'qp-decoder.js'] as const;

interface Decoder {
  chunks: (Uint8Array | ArrayBuffer | string)[];
  flushRemainder?: () => void;
  flushBuffer?: () => void;
}

const encoder = new TextEncoder();

/** The bytes of `chunks` (as a `Blob` would join them: strings in UTF-8) in one `ArrayBuffer`. */
export function joinChunks(chunks: readonly (Uint8Array | ArrayBuffer | string)[]): ArrayBuffer {
  const parts = chunks.map((chunk) => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk)));
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined.buffer;
}

function install(): boolean {
  let entry: string;
  try {
    entry = require.resolve('postal-mime');
  } catch {
    return false;
  }
  let installed = 0;
  for (const file of DECODERS) {
    let decoder: { prototype?: Record<string, unknown> } | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module of the pinned version, on purpose
      decoder = require(path.join(path.dirname(entry), file)) as { prototype?: Record<string, unknown> };
    } catch {
      continue;
    }
    const prototype = decoder?.prototype;
    if (typeof prototype?.finalize !== 'function') continue;
    const original = prototype.finalize as (this: Decoder) => Promise<ArrayBuffer>;
    // Only a finalize that joins through a Blob, as 4.0.0's does, is replaced.
    if (!/new Blob\(this\.chunks/.test(original.toString())) continue;
    prototype.finalize = function finalize(this: Decoder): Promise<ArrayBuffer> {
      this.flushRemainder?.();
      this.flushBuffer?.();
      return Promise.resolve(joinChunks(this.chunks));
    };
    installed += 1;
  }
  return installed === DECODERS.length;
}

/** Whether all three decoders now join their bytes without a `Blob`. */
export const fastDecodersInstalled: boolean = install();
