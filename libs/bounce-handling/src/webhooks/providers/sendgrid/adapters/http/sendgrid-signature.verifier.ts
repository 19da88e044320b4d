import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type KeyObject, verify } from 'node:crypto';
import { Clock } from '../../../../../shared/application/ports/clock.port';
import { DomainError } from '../../../../../shared/domain/domain-error';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { WebhookNotConfiguredError, WebhookSignatureError } from '../../../../domain/webhook.errors';
import { parseSendGridPublicKey } from '../../application/sendgrid-public-key';
import { SENDGRID_PUBLIC_KEY, SENDGRID_WEBHOOK_SETTINGS } from '../../application/sendgrid-webhook.settings';

export const SENDGRID_SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const SENDGRID_TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/**
 * How old a signed timestamp may be. SendGrid documents no tolerance and retries a batch for
 * up to 24 hours after the event; whether a retry is signed afresh is not documented, so a
 * day of retries plus two days of our own outage is allowed. A replay inside the window only
 * meets the dedupe key: it can store nothing twice.
 */
export const SENDGRID_MAX_TIMESTAMP_AGE_SECONDS = 72 * 3600;
/** How far in the future a timestamp may be: clock skew, not a schedule. */
export const SENDGRID_MAX_TIMESTAMP_SKEW_SECONDS = 15 * 60;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/** The key is set but is not an ECDSA P-256 public key: the webhook refuses, naming the setting. */
export class SendGridKeyMisconfiguredError extends DomainError {
  readonly code = 'NOT_CONFIGURED' as const;

  constructor(problem: string) {
    super(`The SendGrid webhook is misconfigured: ${SENDGRID_PUBLIC_KEY.variable} ${problem}`);
  }
}

/**
 * SendGrid's signed event webhook: an ECDSA P-256 signature (base64 DER) over SHA-256 of the
 * timestamp header immediately followed by the raw body bytes, checked with the verification
 * key of SendGrid's dashboard (base64 DER SubjectPublicKeyInfo, or PEM). The key is parsed
 * once; a key that does not parse fails closed (503) on every request and is logged at start.
 */
@Injectable()
export class SendGridSignatureVerifier implements OnModuleInit {
  private readonly logger = new Logger('SendGridWebhook');
  private parsed: { readonly key: KeyObject } | { readonly error: DomainError } | null = null;

  constructor(
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    if (this.settings.of(SENDGRID_WEBHOOK_SETTINGS).publicKey === null) return;
    const parsed = this.parse();
    if ('error' in parsed) this.logger.error(`${parsed.error.message}; the SendGrid webhook will answer 503 until it is fixed`);
  }

  /** Throws unless the body was signed by the holder of the configured key, recently. */
  verify(signature: string | undefined, timestamp: string | undefined, rawBody: Buffer): void {
    const parsed = this.parse();
    if ('error' in parsed) throw parsed.error;
    if (!signature || !timestamp) {
      throw new WebhookSignatureError(`The ${SENDGRID_SIGNATURE_HEADER} and ${SENDGRID_TIMESTAMP_HEADER} headers are required`);
    }
    if (!UNIX_SECONDS.test(timestamp)) throw new WebhookSignatureError('The signature timestamp is not a Unix time in seconds');
    const age = this.clock.now().getTime() / 1000 - Number(timestamp);
    if (age > SENDGRID_MAX_TIMESTAMP_AGE_SECONDS || age < -SENDGRID_MAX_TIMESTAMP_SKEW_SECONDS) {
      throw new WebhookSignatureError('The signature timestamp is outside the accepted window');
    }
    const der = signature.trim();
    if (!BASE64.test(der) || !this.matches(parsed.key, Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), Buffer.from(der, 'base64'))) {
      throw new WebhookSignatureError('The SendGrid signature does not match');
    }
  }

  private matches(key: KeyObject, data: Buffer, signature: Buffer): boolean {
    try {
      return verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
    } catch {
      return false; // a signature that is not DER at all
    }
  }

  private parse(): { readonly key: KeyObject } | { readonly error: DomainError } {
    if (this.parsed === null) {
      const text = this.settings.of(SENDGRID_WEBHOOK_SETTINGS).publicKey;
      if (text === null) return { error: new WebhookNotConfiguredError('SendGrid', SENDGRID_PUBLIC_KEY.variable) };
      try {
        this.parsed = { key: parseSendGridPublicKey(text) };
      } catch (error) {
        this.parsed = { error: new SendGridKeyMisconfiguredError(error instanceof Error ? error.message : String(error)) };
      }
    }
    return this.parsed;
  }
}
