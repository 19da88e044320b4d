import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

export const SENDGRID_SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const SENDGRID_TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

/**
 * Signs event webhook posts as SendGrid does once "Signed Event Webhook" is enabled: an
 * ECDSA P-256 key pair of which the dashboard shows the public half as base64 DER; each post
 * carries a base64 DER signature over SHA-256 of the timestamp header followed by the body.
 */
export class SendGridSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    /** The verification key as SendGrid's dashboard shows it (SENDGRID_WEBHOOK_PUBLIC_KEY). */
    readonly publicKeyBase64Der: string,
    readonly publicKeyPem: string,
  ) {}

  static generate(): SendGridSigner {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return new SendGridSigner(
      privateKey,
      publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    );
  }

  /** The two headers for `body` (sent byte for byte as given), signed at `timestamp` (Unix seconds). */
  headers(body: string | Buffer, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
    const signed = Buffer.concat([Buffer.from(String(timestamp)), Buffer.from(body)]);
    return {
      [SENDGRID_SIGNATURE_HEADER]: sign('sha256', signed, { key: this.privateKey, dsaEncoding: 'der' }).toString('base64'),
      [SENDGRID_TIMESTAMP_HEADER]: String(timestamp),
    };
  }
}
