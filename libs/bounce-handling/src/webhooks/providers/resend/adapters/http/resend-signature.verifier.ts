import { Injectable } from '@nestjs/common';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { WebhookNotConfiguredError, WebhookSignatureError } from '../../../../domain/webhook.errors';
import { RESEND_SIGNING_SECRET, RESEND_WEBHOOK_SETTINGS } from '../../application/resend-webhook.settings';

export const SVIX_ID_HEADER = 'svix-id';
export const SVIX_TIMESTAMP_HEADER = 'svix-timestamp';
export const SVIX_SIGNATURE_HEADER = 'svix-signature';

/** The three Svix headers of one request, as received (absent ones undefined). */
export interface SvixHeaders {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

/**
 * Resend's webhooks are delivered by Svix: HMAC-SHA256, keyed with the base64 part of the
 * `whsec_` secret, over `${svix-id}.${svix-timestamp}.${raw body}`; `svix-signature` holds
 * one or more space-separated `v1,<base64>` signatures (several while a secret is rotated), any
 * of which may match. Svix's scheme is Standard Webhooks under other header names, so the
 * maintained `standardwebhooks` library verifies it: the comparison in constant time, and the
 * refusal of a timestamp more than 5 minutes from its clock (the process's), are its own.
 */
@Injectable()
export class ResendSignatureVerifier {
  private verifier: { readonly secret: string; readonly webhook: Webhook } | null = null;

  constructor(private readonly settings: WebhookSettings) {}

  /** Throws unless `rawBody` was signed, recently, with the configured secret. */
  verify(headers: SvixHeaders, rawBody: Buffer): void {
    const webhook = this.webhook();
    const { id, timestamp, signature } = headers;
    if (!id || !timestamp || !signature) {
      throw new WebhookSignatureError(`The ${SVIX_ID_HEADER}, ${SVIX_TIMESTAMP_HEADER} and ${SVIX_SIGNATURE_HEADER} headers are required`);
    }
    try {
      webhook.verify(rawBody, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw new WebhookSignatureError(refusalOf(error.message));
      throw error;
    }
  }

  private webhook(): Webhook {
    const secret = this.settings.of(RESEND_WEBHOOK_SETTINGS).signingSecret;
    if (secret === null) throw new WebhookNotConfiguredError('Resend', RESEND_SIGNING_SECRET.variable);
    if (this.verifier?.secret !== secret) this.verifier = { secret, webhook: new Webhook(secret) };
    return this.verifier.webhook;
  }
}

/** The library's reason, in the words of this webhook's other refusals. */
function refusalOf(reason: string): string {
  if (/too (old|new)/i.test(reason)) return `The ${SVIX_TIMESTAMP_HEADER} is more than 5 minutes from now`;
  if (/invalid signature headers/i.test(reason)) return `The ${SVIX_TIMESTAMP_HEADER} is not a Unix time in seconds`;
  return 'The Resend signature does not match';
}
