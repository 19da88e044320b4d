import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'mpk_';

/** A new key: 256 random bits, recognisable by its prefix in a leaked-secret scan. */
export function generateApiKeySecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/**
 * Keys are random and long, so one fast hash is enough to make the stored value useless to a
 * reader of the database; looking a key up by its hash compares no secret byte by byte.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
