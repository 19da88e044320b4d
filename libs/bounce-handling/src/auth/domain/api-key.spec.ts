import { ApiKey } from './api-key';

describe('ApiKey', () => {
  const created = new Date('2026-01-01T00:00:00Z');

  it('grants the permissions it was given', () => {
    const key = new ApiKey(1, 'ci', ['subscribers'], created, null, null);
    expect(key.can('subscribers')).toBe(true);
    expect(key.can('campaigns')).toBe(false);
  });

  it('grants nothing once revoked', () => {
    const key = new ApiKey(1, 'ci', ['subscribers', 'campaigns'], created, null, new Date('2026-02-01T00:00:00Z'));
    expect(key.isRevoked).toBe(true);
    expect(key.can('subscribers')).toBe(false);
  });
});
