import { subscribersOf, webhookSecretKey, webhookSecretOf } from './webhook-endpoint';

describe('subscribersOf', () => {
  const endpoints = [
    { id: 1, events: ['bounce.recorded'] as const },
    { id: 2, events: ['subscriber.status_changed', 'suppression.added'] as const },
    { id: 3, events: ['bounce.recorded', 'suppression.removed'] as const },
  ];

  it.each([
    ['bounce.recorded', [1, 3]],
    ['suppression.added', [2]],
    ['suppression.removed', [3]],
    ['alert.triggered', []],
  ] as const)('delivers %s to the endpoints that subscribe to it: %j', (type, ids) => {
    expect(subscribersOf(type, endpoints).map((endpoint) => endpoint.id)).toEqual(ids);
  });
});

describe('webhook secrets', () => {
  it('writes the random bytes as whsec_ and their base64, and reads them back', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i);
    const secret = webhookSecretOf(bytes);
    expect(secret).toBe(`whsec_${Buffer.from(bytes).toString('base64')}`);
    expect(Buffer.from(webhookSecretKey(secret))).toEqual(Buffer.from(bytes));
  });

  it('refuses fewer than 24 random bytes', () => {
    expect(() => webhookSecretOf(new Uint8Array(23))).toThrow(RangeError);
  });
});
