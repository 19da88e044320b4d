import { storableRawPayload } from './raw-payload';

describe('storableRawPayload', () => {
  it('keeps a small event as it is', () => {
    expect(JSON.parse(storableRawPayload({ event: 'bounce', email: 'a@example.com' })!)).toEqual({ event: 'bounce', email: 'a@example.com' });
  });

  it('stores nothing for no payload', () => {
    expect(storableRawPayload(null)).toBeNull();
    expect(storableRawPayload(undefined)).toBeNull();
  });

  it('replaces NUL characters, which PostgreSQL refuses in jsonb, and nothing else', () => {
    const stored = storableRawPayload({ reason: 'a\u0000b', literal: 'back\\u0000slash' })!;
    expect(JSON.parse(stored)).toEqual({ reason: 'a\ufffdb', literal: 'back\\u0000slash' });
  });

  it('keeps an excerpt of an event over the bound, and says how big it was', () => {
    const stored = storableRawPayload({ blob: 'x'.repeat(100_000) }, 1024)!;
    expect(Buffer.byteLength(stored)).toBeLessThan(1024);
    expect(JSON.parse(stored)).toMatchObject({ truncated: true, bytes: 100_011, excerpt: expect.stringMatching(/^\{"blob":"x+$/) });
  });

  it('survives a payload that cannot be serialised', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(JSON.parse(storableRawPayload(cyclic)!)).toEqual({ unserialisable: true });
  });
});
