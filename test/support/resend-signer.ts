import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A signing secret as Resend shows it: `whsec_` and 24 random bytes in base64. */
export function aResendSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The three Svix headers Resend sends with `body`, signed with `secret` by the Standard Webhooks
 * library (Svix's scheme) as message `id`, at `at` (now unless said).
 */
export function svixHeaders(secret: string, id: string, body: string, at: Date = new Date()): Record<string, string> {
  return {
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(secret).sign(id, at, body),
  };
}
