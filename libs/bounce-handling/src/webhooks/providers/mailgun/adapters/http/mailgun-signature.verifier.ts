import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../../../shared/application/ports/clock.port';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { WebhookNotConfiguredError, WebhookSignatureError } from '../../../../domain/webhook.errors';
import { MAILGUN_SIGNING_KEY, MAILGUN_WEBHOOK_SETTINGS } from '../../application/mailgun-webhook.settings';
import type { MailgunSignatureFields } from './mailgun-payload.parser';

/**
 * How far a signature's timestamp may lie from now. Mailgun re-sends a webhook it could not
 * deliver for 8 hours, so the past bound must let its last retry in; 24 h leaves room for a
 * slow clock or an outage of ours. Replays inside the window are harmless: every event is
 * stored once under its dedupe key, so a replayed one changes nothing. A token cache (as
 * Mailgun suggests) would add state for no gain. The future bound only absorbs clock skew.
 */
export const MAILGUN_MAX_SIGNATURE_AGE_SECONDS = 24 * 60 * 60;
export const MAILGUN_MAX_SIGNATURE_SKEW_SECONDS = 15 * 60;

/** Mailgun's webhook signature: hex HMAC-SHA256 of `timestamp + token` with the signing key. */
@Injectable()
export class MailgunSignatureVerifier {
  constructor(
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
  ) {}

  verify(fields: MailgunSignatureFields): void {
    const key = this.signingKey();
    const { timestamp, token, signature } = fields;
    const timestampText = typeof timestamp === 'number' && Number.isInteger(timestamp) ? String(timestamp) : timestamp;
    if (typeof timestampText !== 'string' || typeof token !== 'string' || typeof signature !== 'string' || !timestampText || !token || !signature) {
      throw new WebhookSignatureError('The Mailgun signature is missing: timestamp, token and signature are required');
    }
    const expected = Buffer.from(
      createHmac('sha256', key)
        .update(timestampText + token, 'utf8')
        .digest('hex'),
      'utf8',
    );
    const given = Buffer.from(signature.toLowerCase(), 'utf8');
    // timingSafeEqual needs equal lengths; a length says nothing about the key.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WebhookSignatureError('The Mailgun signature does not match');
    }
    this.assertFresh(timestampText);
  }

  private assertFresh(timestamp: string): void {
    if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookSignatureError('The Mailgun signature timestamp is not a Unix time');
    const age = this.clock.now().getTime() / 1000 - Number(timestamp);
    if (age > MAILGUN_MAX_SIGNATURE_AGE_SECONDS) throw new WebhookSignatureError('The Mailgun signature is more than 24 hours old');
    if (-age > MAILGUN_MAX_SIGNATURE_SKEW_SECONDS) throw new WebhookSignatureError('The Mailgun signature timestamp is in the future');
  }

  private signingKey(): string {
    const key = this.settings.of(MAILGUN_WEBHOOK_SETTINGS).signingKey;
    if (!key) throw new WebhookNotConfiguredError('Mailgun', MAILGUN_SIGNING_KEY.variable);
    return key;
  }
}
