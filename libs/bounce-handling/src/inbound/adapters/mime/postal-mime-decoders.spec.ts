import { fastDecodersInstalled, joinChunks } from './postal-mime-decoders';

describe('postal-mime decoders without Blob', () => {
  it('are installed on the pinned postal-mime (an upgrade that moves them fails here)', () => {
    expect(fastDecodersInstalled).toBe(true);
  });

  it.each([
    ['lines and line ends, as the pass-through decoder keeps them', [Uint8Array.from([72, 105]), '\n', Uint8Array.from([]), '\n']],
    ['text beyond ASCII, encoded in UTF-8 as a Blob encodes it', ['é', 'ü\u{1F600}', '\n']],
    ['ArrayBuffers, as the base64 decoder keeps them', [Uint8Array.from([0, 255, 1]).buffer, Uint8Array.from([2]).buffer]],
    ['views into a larger buffer, only their own bytes', [new Uint8Array(Uint8Array.from([9, 8, 7, 6, 5]).buffer, 1, 3)]],
    ['nothing', []],
  ])('join %s to the bytes a Blob would', async (_case, chunks) => {
    const expected = new Uint8Array(await new Blob(chunks as ConstructorParameters<typeof Blob>[0]).arrayBuffer());
    expect(new Uint8Array(joinChunks(chunks))).toEqual(expected);
  });

  it('join ten thousand random chunks to the bytes a Blob would', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const chunks = Array.from({ length: 10_000 }, () =>
      random() < 0.3 ? '\n' : Uint8Array.from({ length: Math.floor(random() * 80) }, () => Math.floor(random() * 256)),
    );
    expect(new Uint8Array(joinChunks(chunks))).toEqual(new Uint8Array(await new Blob(chunks as ConstructorParameters<typeof Blob>[0]).arrayBuffer()));
  });
});
