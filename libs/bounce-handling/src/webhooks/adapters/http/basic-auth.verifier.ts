import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WebhookSignatureError } from '../../domain/webhook.errors';

/**
 * Checks a webhook request's HTTP Basic credentials (`Authorization: Basic base64(user:password)`,
 * which the provider sends from the credentials written in the webhook's URL) against the
 * configured `user:password` pairs. Every pair is compared, in constant time over their SHA-256
 * digests, whatever matches first: how long the check takes says nothing of the secret.
 */
@Injectable()
export class BasicAuthVerifier {
  /** Throws `WebhookSignatureError` (401) unless the request carries one of `credentials`. */
  verify(authorization: string | undefined, credentials: readonly string[], displayName: string): void {
    const presented = presentedCredentials(authorization);
    if (presented === null) throw new WebhookSignatureError(`The ${displayName} webhook needs HTTP Basic credentials (user:password in its URL)`);
    const digest = sha256(presented);
    let matched = false;
    for (const configured of credentials) matched = timingSafeEqual(digest, sha256(configured)) || matched;
    if (!matched) throw new WebhookSignatureError(`The ${displayName} webhook's HTTP Basic credentials are not the configured ones`);
  }
}

/** `user:password` from an `Authorization: Basic …` header; null when there is none or it is not one. */
export function presentedCredentials(authorization: string | undefined): string | null {
  const match = /^Basic[ \t]+([A-Za-z0-9+/]+=*)[ \t]*$/i.exec(authorization ?? '');
  if (match === null) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return decoded.includes(':') ? decoded : null;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
